package com.stanterprise.listener;

import java.lang.management.ManagementFactory;

/** This JVM's process id, for the build log; Java 8 has no ProcessHandle. */
final class ProcessId {

    private ProcessId() {
    }

    static long current() {
        try {
            String name = ManagementFactory.getRuntimeMXBean().getName();
            int at = name.indexOf('@');
            return Long.parseLong(at > 0 ? name.substring(0, at) : name);
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
