package com.example.dying;

import org.junit.jupiter.api.Test;

/** A test that outlives forkedProcessTimeoutInSeconds: Surefire kills its JVM. */
class HangTest {

    @Test
    void hangs() throws InterruptedException {
        Thread.sleep(60_000);
    }
}
