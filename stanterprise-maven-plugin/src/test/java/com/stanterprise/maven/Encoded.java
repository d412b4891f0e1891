package com.stanterprise.maven;

import com.google.protobuf.InvalidProtocolBufferException;
import com.stanterprise.aggregator.v1.EncodedEvent;
import com.stanterprise.aggregator.v1.EncodedEventBatch;
import com.stanterprise.maven.aggregation.EncodedEvents;
import com.stanterprise.testsystem.v1.observer.Event;
import com.stanterprise.testsystem.v1.observer.EventBatch;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Tests write and read events as {@link Event}s; the aggregator and the exporter pass them on encoded. */
public final class Encoded {

    private Encoded() {
    }

    public static EncodedEvent encoded(Event event) {
        return EncodedEvents.encode(event);
    }

    public static List<EncodedEvent> encoded(List<Event> events) {
        List<EncodedEvent> encoded = new ArrayList<>(events.size());
        events.forEach(event -> encoded.add(encoded(event)));
        return encoded;
    }

    public static Event decoded(EncodedEvent event) {
        try {
            return EncodedEvents.decode(event);
        } catch (InvalidProtocolBufferException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Event> decoded(List<EncodedEvent> events) {
        List<Event> decoded = new ArrayList<>(events.size());
        events.forEach(event -> decoded.add(decoded(event)));
        return decoded;
    }

    public static EventBatch decoded(EncodedEventBatch batch) {
        try {
            return EncodedEvents.decode(batch);
        } catch (InvalidProtocolBufferException e) {
            throw new UncheckedIOException(e);
        }
    }
}
