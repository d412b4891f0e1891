package com.example.crashing;

import org.junit.jupiter.api.Test;

/** Halts the JVM AQuickTest ran in: no shutdown hook runs, the fork's buffer is gone. */
class BHaltsTest {

    @Test
    void halts() throws InterruptedException {
        // Time for Surefire's own channel to carry AQuickTest's results, so its report is written;
        // far less than the build's flush interval, so the listener's events are still buffered.
        Thread.sleep(1_000);
        Runtime.getRuntime().halt(9);
    }
}
