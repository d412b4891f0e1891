package com.stanterprise.listener;

import java.util.function.Consumer;

/**
 * How a test's outcome is told, the same for every test framework: a failed assertion is
 * FAILED with a TestFailure event, anything else thrown BROKEN with a TestError event, an
 * aborted test (an assumption that did not hold) SKIPPED with its reason. No test framework
 * types here, so that the JUnit 4 listener can use it without the JUnit Platform.
 */
final class Outcomes {

    private Outcomes() {
    }

    /** FAILED for a failed assertion, BROKEN for anything else a test threw. */
    static Status ofThrown(Throwable thrown) {
        return thrown instanceof AssertionError ? Status.FAILED : Status.BROKEN;
    }

    /**
     * The failure or error event of a test that threw, and what its end says about it.
     *
     * @param testCase the test's end, given the message, the stack trace and, when skipped, the reason
     */
    static void thrown(Consumer<byte[]> out, TestCase testCase, Status status, Throwable thrown, long now) {
        if (thrown == null) {
            return;
        }
        String message = Text.message(thrown);
        String stackTrace = Text.stackTrace(thrown);
        testCase.setErrorMessage(message).setStackTrace(stackTrace).addErrors(message);
        if (status == Status.FAILED || status == Status.BROKEN) {
            out.accept(WireEvents.thrown(now, status == Status.FAILED, testCase.getId(), message, stackTrace,
                    testCase.getRetryIndex(), testCase.getExecutionId()));
        } else if (status == Status.SKIPPED) {
            testCase.putMetadata("skip_reason", message);
        }
    }

    /** The worse of two outcomes: BROKEN over FAILED over PASSED over the rest. */
    static Status worse(Status a, Status b) {
        return rank(b) > rank(a) ? b : a;
    }

    private static int rank(Status status) {
        switch (status) {
            case BROKEN:
                return 3;
            case FAILED:
                return 2;
            case PASSED:
                return 1;
            default:
                return 0;
        }
    }
}
