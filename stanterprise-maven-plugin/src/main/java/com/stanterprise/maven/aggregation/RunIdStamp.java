package com.stanterprise.maven.aggregation;

import com.stanterprise.testsystem.v1.observer.Event;

/** Writes the run id into the place each kind of event keeps it. */
final class RunIdStamp {

    private RunIdStamp() {
    }

    static void stamp(Event.Builder event, String runId) {
        switch (event.getPayloadCase()) {
            case RUN_START:
                event.getRunStartBuilder().setRunId(runId);
                break;
            case SUITE_BEGIN:
                event.getSuiteBeginBuilder().getSuiteBuilder().setRunId(runId);
                break;
            case SUITE_END:
                event.getSuiteEndBuilder().getSuiteBuilder().setRunId(runId);
                break;
            case TEST_BEGIN:
                event.getTestBeginBuilder().getTestCaseBuilder().setRunId(runId);
                break;
            case TEST_END:
                event.getTestEndBuilder().getTestCaseBuilder().setRunId(runId);
                break;
            case STEP_BEGIN:
                event.getStepBeginBuilder().getStepBuilder().setRunId(runId);
                break;
            case STEP_END:
                event.getStepEndBuilder().getStepBuilder().setRunId(runId);
                break;
            case TEST_FAILURE:
                event.getTestFailureBuilder().setRunId(runId);
                break;
            case TEST_ERROR:
                event.getTestErrorBuilder().setRunId(runId);
                break;
            case STD_OUTPUT:
                event.getStdOutputBuilder().setRunId(runId);
                break;
            case STD_ERROR:
                event.getStdErrorBuilder().setRunId(runId);
                break;
            case RUN_END:
                event.getRunEndBuilder().setRunId(runId);
                break;
            default:
                // a heartbeat names its source, not a run
                break;
        }
    }
}
