package com.stanterprise.listener;

import com.stanterprise.testsystem.v1.common.TestStatus;
import com.stanterprise.testsystem.v1.entities.TestCaseRun;
import com.stanterprise.testsystem.v1.events.TestErrorEventRequest;
import com.stanterprise.testsystem.v1.events.TestFailureEventRequest;
import com.stanterprise.testsystem.v1.observer.Event;

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
    static TestStatus ofThrown(Throwable thrown) {
        return thrown instanceof AssertionError ? TestStatus.FAILED : TestStatus.BROKEN;
    }

    /**
     * The failure or error event of a test that threw, and what its end says about it.
     *
     * @param testCase the test's end, given the message, the stack trace and, when skipped, the reason
     */
    static void thrown(Consumer<Event> out, TestCaseRun.Builder testCase, TestStatus status, Throwable thrown, long now) {
        if (thrown == null) {
            return;
        }
        String message = Text.message(thrown);
        String stackTrace = Text.stackTrace(thrown);
        testCase.setErrorMessage(message).setStackTrace(stackTrace).addErrors(message);
        if (status == TestStatus.FAILED) {
            out.accept(event(now).setTestFailure(TestFailureEventRequest.newBuilder()
                    .setTestId(testCase.getId()).setFailureMessage(message).setStackTrace(stackTrace)
                    .setTimestamp(Times.timestamp(now))
                    .setRetryIndex(testCase.getRetryIndex()).setExecutionId(testCase.getExecutionId())).build());
        } else if (status == TestStatus.BROKEN) {
            out.accept(event(now).setTestError(TestErrorEventRequest.newBuilder()
                    .setTestId(testCase.getId()).setErrorMessage(message).setStackTrace(stackTrace)
                    .setTimestamp(Times.timestamp(now))
                    .setRetryIndex(testCase.getRetryIndex()).setExecutionId(testCase.getExecutionId())).build());
        } else if (status == TestStatus.SKIPPED) {
            testCase.putMetadata("skip_reason", message);
        }
    }

    static void ended(TestCaseRun.Builder testCase, long startMicros, long now) {
        testCase.setEndTime(Times.timestamp(now)).setDuration(Times.duration(now - startMicros));
    }

    /** The worse of two outcomes: BROKEN over FAILED over PASSED over the rest. */
    static TestStatus worse(TestStatus a, TestStatus b) {
        return rank(b) > rank(a) ? b : a;
    }

    private static int rank(TestStatus status) {
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

    static Event.Builder event(long nowMicros) {
        return Event.newBuilder().setEmittedAt(Times.timestamp(nowMicros));
    }
}
