package com.stanterprise.maven.aggregation;

import com.google.protobuf.ByteString;
import com.stanterprise.aggregator.v1.EncodedEvent;
import com.stanterprise.testsystem.v1.entities.StepRun;
import com.stanterprise.testsystem.v1.entities.TestCaseRun;
import com.stanterprise.testsystem.v1.entities.TestSuiteRun;
import com.stanterprise.testsystem.v1.events.ReportRunStartEventRequest;
import com.stanterprise.testsystem.v1.events.StdErrorEventRequest;
import com.stanterprise.testsystem.v1.events.StdOutputEventRequest;
import com.stanterprise.testsystem.v1.events.StepBeginEventRequest;
import com.stanterprise.testsystem.v1.events.StepEndEventRequest;
import com.stanterprise.testsystem.v1.events.SuiteBeginEventRequest;
import com.stanterprise.testsystem.v1.events.SuiteEndEventRequest;
import com.stanterprise.testsystem.v1.events.TestBeginEventRequest;
import com.stanterprise.testsystem.v1.events.TestEndEventRequest;
import com.stanterprise.testsystem.v1.events.TestErrorEventRequest;
import com.stanterprise.testsystem.v1.events.TestFailureEventRequest;
import com.stanterprise.testsystem.v1.events.TestRunEndEventRequest;
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
            ByteString payload = payloadWithRunId(kind, runId);
            if (payload != null) {
                runIdOnly.put(kind, payload);
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

    /**
     * A payload of that kind with only the run id set; null for a kind without one (a heartbeat
     * names its source, not a run). Each kind by its own builder: reading the payload back
     * through the descriptor ({@code getField}) built protobuf's reflection tables for
     * {@code Event}, 20 ms of every build's start (BENCHMARKS.md, Change 21).
     */
    private static ByteString payloadWithRunId(Event.PayloadCase kind, String runId) {
        switch (kind) {
            case RUN_START:
                return ReportRunStartEventRequest.newBuilder().setRunId(runId).build().toByteString();
            case SUITE_BEGIN:
                return SuiteBeginEventRequest.newBuilder().setSuite(TestSuiteRun.newBuilder().setRunId(runId)).build().toByteString();
            case SUITE_END:
                return SuiteEndEventRequest.newBuilder().setSuite(TestSuiteRun.newBuilder().setRunId(runId)).build().toByteString();
            case TEST_BEGIN:
                return TestBeginEventRequest.newBuilder().setTestCase(TestCaseRun.newBuilder().setRunId(runId)).build().toByteString();
            case TEST_END:
                return TestEndEventRequest.newBuilder().setTestCase(TestCaseRun.newBuilder().setRunId(runId)).build().toByteString();
            case STEP_BEGIN:
                return StepBeginEventRequest.newBuilder().setStep(StepRun.newBuilder().setRunId(runId)).build().toByteString();
            case STEP_END:
                return StepEndEventRequest.newBuilder().setStep(StepRun.newBuilder().setRunId(runId)).build().toByteString();
            case TEST_FAILURE:
                return TestFailureEventRequest.newBuilder().setRunId(runId).build().toByteString();
            case TEST_ERROR:
                return TestErrorEventRequest.newBuilder().setRunId(runId).build().toByteString();
            case STD_OUTPUT:
                return StdOutputEventRequest.newBuilder().setRunId(runId).build().toByteString();
            case STD_ERROR:
                return StdErrorEventRequest.newBuilder().setRunId(runId).build().toByteString();
            case RUN_END:
                return TestRunEndEventRequest.newBuilder().setRunId(runId).build().toByteString();
            default:
                return null;
        }
    }
}
