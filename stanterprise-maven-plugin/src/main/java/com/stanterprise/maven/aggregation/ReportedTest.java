package com.stanterprise.maven.aggregation;

import com.stanterprise.testsystem.v1.common.TestStatus;

/**
 * One test case as Surefire or Failsafe wrote it into a {@code TEST-*.xml} report: what Surefire
 * knows of a test, over its own channel, when our listener's events never arrived.
 */
public final class ReportedTest {

    /** The binary name of the test's class ({@code Outer$Inner}), as the listener's metadata has it. */
    public final String className;
    /** Surefire's name: the method, {@code method(int)[2]} for an invocation, empty for a class that failed. */
    public final String name;
    public final TestStatus status;
    public final long durationNanos;
    /** Of a failure, error or skip; empty otherwise. */
    public final String message;
    public final String stackTrace;
    /** Passed after failing (Surefire's rerunFailingTestsCount). */
    public final boolean flaky;

    public ReportedTest(String className, String name, TestStatus status, long durationNanos, String message,
                        String stackTrace, boolean flaky) {
        this.className = className;
        this.name = name;
        this.status = status;
        this.durationNanos = durationNanos;
        this.message = message;
        this.stackTrace = stackTrace;
        this.flaky = flaky;
    }

    /** The method: Surefire's name without the invocation's parameters and index. */
    public String method() {
        int end = name.length();
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) == '(' || name.charAt(i) == '[') {
                end = i;
                break;
            }
        }
        return name.substring(0, end);
    }

    /**
     * What a test reported by a fork and one in Surefire's report have in common: class and
     * method. Display names differ ({@code [1] 42} against {@code parameterized(int)[1]}), so a
     * parameterized method matches by how many of its invocations each side has.
     */
    public String key() {
        return key(className, method());
    }

    static String key(String className, String method) {
        return className + "#" + method;
    }

    @Override
    public String toString() {
        return className + "#" + name + " " + status;
    }
}
