package com.stanterprise.maven.aggregation;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import com.stanterprise.aggregator.v1.EncodedEvent;
import com.stanterprise.testsystem.v1.observer.Event;

import java.util.EnumMap;
import java.util.Map;

/**
 * Writes the run id into the place each kind of event keeps it, without decoding the event: the
 * fields are appended to the encoded payload. Parsing keeps the last value of a field that
 * appears twice and merges a message field that appears twice, so the payload then reads as the
 * fork's with the run's fields set (a run id the fork guessed included).
 */
final class RunIdStamp {

    /** Per kind of payload: a payload of that kind with nothing but the run id set, encoded. */
    private final Map<Event.PayloadCase, ByteString> runIdOnly = new EnumMap<>(Event.PayloadCase.class);

    RunIdStamp(String runId) {
        for (Event.PayloadCase kind : Event.PayloadCase.values()) {
            Event.Builder event = Event.newBuilder();
            if (setRunId(event, kind, runId)) {
                Message payload = (Message) event.getField(Event.getDescriptor().findFieldByNumber(kind.getNumber()));
                runIdOnly.put(kind, payload.toByteString());
            }
        }
    }

    /** The event with the run id set in its payload. */
    EncodedEvent.Builder stamp(EncodedEvent.Builder event) {
        ByteString fields = runIdOnly.get(EncodedEvents.kind(event));
        return fields == null ? event : append(event, fields);
    }

    /** The event with {@code fields}, an encoded payload of the event's kind, merged into its payload. */
    static EncodedEvent.Builder append(EncodedEvent.Builder event, ByteString fields) {
        switch (event.getPayloadCase()) {
            case RUN_START:
                return event.setRunStart(event.getRunStart().concat(fields));
            case SUITE_BEGIN:
                return event.setSuiteBegin(event.getSuiteBegin().concat(fields));
            case SUITE_END:
                return event.setSuiteEnd(event.getSuiteEnd().concat(fields));
            case TEST_BEGIN:
                return event.setTestBegin(event.getTestBegin().concat(fields));
            case TEST_END:
                return event.setTestEnd(event.getTestEnd().concat(fields));
            case STEP_BEGIN:
                return event.setStepBegin(event.getStepBegin().concat(fields));
            case STEP_END:
                return event.setStepEnd(event.getStepEnd().concat(fields));
            case TEST_FAILURE:
                return event.setTestFailure(event.getTestFailure().concat(fields));
            case TEST_ERROR:
                return event.setTestError(event.getTestError().concat(fields));
            case STD_OUTPUT:
                return event.setStdOutput(event.getStdOutput().concat(fields));
            case STD_ERROR:
                return event.setStdError(event.getStdError().concat(fields));
            case RUN_END:
                return event.setRunEnd(event.getRunEnd().concat(fields));
            case HEARTBEAT:
                return event.setHeartbeat(event.getHeartbeat().concat(fields));
            default:
                return event;
        }
    }

    /** @return false for a kind without a run id (a heartbeat names its source, not a run) */
    private static boolean setRunId(Event.Builder event, Event.PayloadCase kind, String runId) {
        switch (kind) {
            case RUN_START:
                event.getRunStartBuilder().setRunId(runId);
                return true;
            case SUITE_BEGIN:
                event.getSuiteBeginBuilder().getSuiteBuilder().setRunId(runId);
                return true;
            case SUITE_END:
                event.getSuiteEndBuilder().getSuiteBuilder().setRunId(runId);
                return true;
            case TEST_BEGIN:
                event.getTestBeginBuilder().getTestCaseBuilder().setRunId(runId);
                return true;
            case TEST_END:
                event.getTestEndBuilder().getTestCaseBuilder().setRunId(runId);
                return true;
            case STEP_BEGIN:
                event.getStepBeginBuilder().getStepBuilder().setRunId(runId);
                return true;
            case STEP_END:
                event.getStepEndBuilder().getStepBuilder().setRunId(runId);
                return true;
            case TEST_FAILURE:
                event.getTestFailureBuilder().setRunId(runId);
                return true;
            case TEST_ERROR:
                event.getTestErrorBuilder().setRunId(runId);
                return true;
            case STD_OUTPUT:
                event.getStdOutputBuilder().setRunId(runId);
                return true;
            case STD_ERROR:
                event.getStdErrorBuilder().setRunId(runId);
                return true;
            case RUN_END:
                event.getRunEndBuilder().setRunId(runId);
                return true;
            default:
                return false;
        }
    }
}
