package com.stanterprise.listener;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;

/**
 * This JVM's process id: whether it is a fork, and for the build log. Java 9's
 * {@code ProcessHandle}, found by reflection since the listener also runs on Java 8, where the
 * runtime MXBean's name ({@code pid@host}) says it. That MXBean was 30–50 ms of CPU at the
 * start of every test JVM: the management classes load, and its name looks the host up
 * (BENCHMARKS.md, Change 21).
 */
final class ProcessId {

    private static final long PID = find();

    private ProcessId() {
    }

    static long current() {
        return PID;
    }

    private static long find() {
        try {
            Class<?> handle = Class.forName("java.lang.ProcessHandle");
            Method current = handle.getMethod("current");
            Method pid = handle.getMethod("pid");
            return (Long) pid.invoke(current.invoke(null));
        } catch (ReflectiveOperationException | RuntimeException java8) {
            return fromRuntimeName();
        }
    }

    static long fromRuntimeName() {
        try {
            String name = ManagementFactory.getRuntimeMXBean().getName();
            int at = name.indexOf('@');
            return Long.parseLong(at > 0 ? name.substring(0, at) : name);
        } catch (RuntimeException e) {
            return -1;
        }
    }
}
