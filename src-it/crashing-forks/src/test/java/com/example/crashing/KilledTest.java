package com.example.crashing;

import org.junit.jupiter.api.Test;

/** Sends its own JVM a kill -9: nothing in the JVM runs after it. */
class KilledTest {

    @Test
    void killsItsOwnJvm() throws Exception {
        // Longer than the fork's flush interval: this test's begin has left the JVM.
        Thread.sleep(1_000);
        long pid = ProcessHandle.current().pid();
        new ProcessBuilder("kill", "-9", Long.toString(pid)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        Thread.sleep(60_000);
    }
}
