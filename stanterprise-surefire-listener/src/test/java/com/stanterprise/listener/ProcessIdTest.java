package com.stanterprise.listener;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessIdTest {

    /** ProcessHandle's pid (Java 9 and later) is the one the runtime's name has on every Java. */
    @Test
    void theProcessIdIsTheOneTheRuntimeNames() {
        long pid = ProcessId.current();
        assertTrue(pid > 0, "a process id: " + pid);
        assertEquals(ProcessId.fromRuntimeName(), pid);
    }
}
