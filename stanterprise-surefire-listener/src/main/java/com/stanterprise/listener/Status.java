package com.stanterprise.listener;

/**
 * A test's, suite's or step's outcome: {@code testsystem.v1.common.TestStatus}, by its numbers on
 * the wire, without the generated enum (see {@link Wire}).
 */
enum Status {
    UNKNOWN(0), PASSED(1), FAILED(2), SKIPPED(3), BROKEN(4), TIMEDOUT(5), INTERRUPTED(6), RUNNING(7), NOT_RUN(8);

    final int number;

    Status(int number) {
        this.number = number;
    }
}
