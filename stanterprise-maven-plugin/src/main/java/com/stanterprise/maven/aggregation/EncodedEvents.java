package com.stanterprise.maven.aggregation;

import com.google.protobuf.InvalidProtocolBufferException;
import com.stanterprise.aggregator.v1.EncodedEvent;
import com.stanterprise.aggregator.v1.EncodedEventBatch;
import com.stanterprise.aggregator.v1.EncodedEventOrBuilder;
import com.stanterprise.testsystem.v1.observer.Event;
import com.stanterprise.testsystem.v1.observer.EventBatch;

/**
 * Between an {@link Event} and its {@link EncodedEvent}: the same bytes on the wire, read with
 * or without the payload. Events pass through the aggregator and the exporter encoded; only the
 * places that must read a payload (the file sink's JSON, the v1 calls) decode it.
 */
public final class EncodedEvents {

    private EncodedEvents() {
    }

    public static EncodedEvent encode(Event event) {
        try {
            return EncodedEvent.parseFrom(event.toByteString());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("an Event always parses as an EncodedEvent", e);
        }
    }

    /** @throws InvalidProtocolBufferException when the payload is not a valid message of its kind */
    public static Event decode(EncodedEvent event) throws InvalidProtocolBufferException {
        return Event.parseFrom(event.toByteString());
    }

    public static EventBatch decode(EncodedEventBatch batch) throws InvalidProtocolBufferException {
        return EventBatch.parseFrom(batch.toByteString());
    }

    public static Event.PayloadCase kind(EncodedEventOrBuilder event) {
        return Event.PayloadCase.forNumber(event.getPayloadCase().getNumber());
    }
}
