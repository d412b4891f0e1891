package com.stanterprise.maven.aggregation;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.stanterprise.aggregator.v1.EncodedEvent;
import com.stanterprise.testsystem.v1.common.TestStatus;
import com.stanterprise.testsystem.v1.entities.TestCaseRun;
import com.stanterprise.testsystem.v1.events.HeartbeatEventRequest;
import com.stanterprise.testsystem.v1.events.TestEndEventRequest;
import com.stanterprise.testsystem.v1.observer.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static com.stanterprise.maven.Encoded.decoded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

class RunIdStampTest {

    /** An event of the given kind with an empty payload; the payload is set through its descriptor. */
    private static Event.Builder emptyOf(Event.PayloadCase kind) {
        Event.Builder event = Event.newBuilder();
        FieldDescriptor field = Event.getDescriptor().findFieldByNumber(kind.getNumber());
        assertNotNull(field, kind.toString());
        event.setField(field, event.newBuilderForField(field).build());
        assertEquals(kind, event.getPayloadCase());
        return event;
    }

    /** The run id wherever the payload keeps it: directly, or in its one entity (suite, test case, step). */
    private static String runIdOf(Event.Builder event) {
        FieldDescriptor payloadField = Event.getDescriptor().findFieldByNumber(event.getPayloadCase().getNumber());
        Message payload = (Message) event.getField(payloadField);
        FieldDescriptor runId = payload.getDescriptorForType().findFieldByName("run_id");
        if (runId != null) {
            return (String) payload.getField(runId);
        }
        for (FieldDescriptor field : payload.getDescriptorForType().getFields()) {
            if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isRepeated()) {
                Message entity = (Message) payload.getField(field);
                FieldDescriptor entityRunId = entity.getDescriptorForType().findFieldByName("run_id");
                if (entityRunId != null) {
                    return (String) entity.getField(entityRunId);
                }
            }
        }
        throw new AssertionError("no run id in " + event.getPayloadCase());
    }

    /** Stamps the event as the run does: appended to its encoding, then read back. */
    private static Event.Builder stamped(Event.Builder event, String runId) {
        EncodedEvent.Builder encoded = EncodedEvents.encode(event.build()).toBuilder();
        return decoded(new RunIdStamp(runId).stamp(encoded).build()).toBuilder();
    }

    @ParameterizedTest
    @EnumSource(value = Event.PayloadCase.class, names = {"HEARTBEAT", "PAYLOAD_NOT_SET"},
            mode = EnumSource.Mode.EXCLUDE)
    void stampsEveryKindThatHasARunId(Event.PayloadCase kind) {
        Event.Builder event = stamped(emptyOf(kind), "run-7");

        assertEquals("run-7", runIdOf(event));
    }

    @ParameterizedTest
    @EnumSource(value = Event.PayloadCase.class, names = {"HEARTBEAT", "PAYLOAD_NOT_SET"},
            mode = EnumSource.Mode.EXCLUDE)
    void overwritesARunIdTheForkGuessed(Event.PayloadCase kind) {
        Event.Builder event = stamped(stamped(emptyOf(kind), "from-the-fork"), "run-7");

        assertEquals("run-7", runIdOf(event));
    }

    @Test
    void keepsEverythingElseTheForkEncoded() {
        TestCaseRun test = TestCaseRun.newBuilder()
                .setId("test-1")
                .setName("adds()")
                .setStatus(TestStatus.FAILED)
                .setErrorMessage("expected: <2> but was: <3>")
                .addTags("fast")
                .putMetadata("class", "com.example.CalculatorTest")
                .build();
        Event.Builder event = Event.newBuilder().setSequence(7)
                .setTestEnd(TestEndEventRequest.newBuilder().setTestCase(test));

        Event stamped = stamped(event, "run-7").build();

        assertEquals(event.build().toBuilder().setTestEnd(TestEndEventRequest.newBuilder()
                .setTestCase(test.toBuilder().setRunId("run-7"))).build(), stamped);
    }

    @Test
    void leavesAHeartbeatAlone() {
        Event.Builder event = Event.newBuilder().setHeartbeat(HeartbeatEventRequest.newBuilder().setSourceId("fork-1"));

        assertEquals(event.build(), stamped(event, "run-7").build());
    }

    @Test
    void leavesAnEmptyEventAlone() {
        Event.Builder event = Event.newBuilder().setSequence(3);

        assertEquals(event.build(), stamped(event, "run-7").build());
    }
}
