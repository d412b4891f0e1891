package com.example.crashing;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Halts the JVM APartlySentTest and BQuickTest ran in: no shutdown hook runs, the fork's buffer is gone. */
class CHaltsTest {

    @Test
    void halts() throws InterruptedException {
        // Once Surefire, over its own channel, got BQuickTest's results and wrote its report:
        // far within the build's flush interval, so the listener's events are still buffered.
        Path report = Paths.get(System.getProperty("basedir", "."),
                "target/surefire-reports/TEST-com.example.crashing.BQuickTest.xml");
        for (int i = 0; i < 200 && !Files.exists(report); i++) {
            Thread.sleep(50);
        }
        Runtime.getRuntime().halt(9);
    }
}
