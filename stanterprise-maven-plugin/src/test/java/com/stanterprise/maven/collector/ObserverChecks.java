package com.stanterprise.maven.collector;

import com.stanterprise.testsystem.v1.observer.Event;

/**
 * The required fields the Stanterprise observer checks on its v1 calls (WIRE.md section 1, "What
 * the observer checks and does"). A call that misses one is answered INVALID_ARGUMENT.
 */
final class ObserverChecks {

    private ObserverChecks() {
    }

    /** What the observer would reject {@code event} for, or null when it accepts it. */
    static String problem(Event event) {
        switch (event.getPayloadCase()) {
            case RUN_START:
                if (event.getRunStart().getRunId().isEmpty()) {
                    return "ReportRunStart: run_id is required";
                }
                if (event.getRunStart().getTestSuitesCount() == 0) {
                    return "ReportRunStart: test_suites must not be empty";
                }
                return null;
            case SUITE_BEGIN:
                return required(event.getSuiteBegin().getSuite().getId(), "ReportSuiteBegin: suite.id");
            case SUITE_END:
                return required(event.getSuiteEnd().getSuite().getId(), "ReportSuiteEnd: suite.id");
            case TEST_BEGIN:
                return required(event.getTestBegin().getTestCase().getId(), "ReportTestBegin: test_case.id");
            case TEST_END:
                return required(event.getTestEnd().getTestCase().getId(), "ReportTestEnd: test_case.id");
            case STEP_BEGIN:
                return required(event.getStepBegin().getStep().getId(), "ReportStepBegin: step.id");
            case STEP_END:
                return required(event.getStepEnd().getStep().getId(), "ReportStepEnd: step.id");
            case TEST_FAILURE:
                return required(event.getTestFailure().getTestId(), "ReportTestFailure: test_id");
            case TEST_ERROR:
                return required(event.getTestError().getTestId(), "ReportTestError: test_id");
            case STD_OUTPUT:
                return required(event.getStdOutput().getTestId(), "ReportStdOutput: test_id");
            case STD_ERROR:
                return required(event.getStdError().getTestId(), "ReportStdError: test_id");
            case RUN_END:
                return required(event.getRunEnd().getRunId(), "ReportRunEnd: run_id");
            case HEARTBEAT:
                return required(event.getHeartbeat().getSourceId(), "Heartbeat: source_id");
            default:
                return "no payload";
        }
    }

    private static String required(String value, String what) {
        return value.isEmpty() ? what + " is required" : null;
    }
}
