package com.stanterprise.maven.aggregation;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.stanterprise.testsystem.v1.events.HeartbeatEventRequest;
import com.stanterprise.testsystem.v1.observer.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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

    @ParameterizedTest
    @EnumSource(value = Event.PayloadCase.class, names = {"HEARTBEAT", "PAYLOAD_NOT_SET"},
            mode = EnumSource.Mode.EXCLUDE)
    void stampsEveryKindThatHasARunId(Event.PayloadCase kind) {
        Event.Builder event = emptyOf(kind);

        RunIdStamp.stamp(event, "run-7");

        assertEquals("run-7", runIdOf(event));
    }

    @ParameterizedTest
    @EnumSource(value = Event.PayloadCase.class, names = {"HEARTBEAT", "PAYLOAD_NOT_SET"},
            mode = EnumSource.Mode.EXCLUDE)
    void overwritesARunIdTheForkGuessed(Event.PayloadCase kind) {
        Event.Builder event = emptyOf(kind);
        RunIdStamp.stamp(event, "from-the-fork");

        RunIdStamp.stamp(event, "run-7");

        assertEquals("run-7", runIdOf(event));
    }

    @Test
    void leavesAHeartbeatAlone() {
        Event.Builder event = Event.newBuilder().setHeartbeat(HeartbeatEventRequest.newBuilder().setSourceId("fork-1"));
        Event before = event.build();

        RunIdStamp.stamp(event, "run-7");

        assertEquals(before, event.build());
    }

    @Test
    void leavesAnEmptyEventAlone() {
        Event.Builder event = Event.newBuilder().setSequence(3);

        RunIdStamp.stamp(event, "run-7");

        assertEquals(Event.newBuilder().setSequence(3).build(), event.build());
    }
}
