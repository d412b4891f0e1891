package com.stanterprise.listener;

import com.stanterprise.testsystem.v1.common.TestStatus;
import com.stanterprise.testsystem.v1.entities.TestCaseRun;
import com.stanterprise.testsystem.v1.events.TestBeginEventRequest;
import com.stanterprise.testsystem.v1.observer.Event;

import com.google.protobuf.InvalidProtocolBufferException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.BooleanSupplier;

/** Small helpers for the listener's tests: real events, and bounded waits instead of sleeps. */
final class Events {

    private Events() {
    }

    /** A test-begin event whose test case id is {@code id}, encoded. */
    static byte[] testBegin(String id) {
        return Event.newBuilder()
                .setTestBegin(TestBeginEventRequest.newBuilder()
                        .setTestCase(TestCaseRun.newBuilder().setId(id).setStatus(TestStatus.RUNNING)))
                .build().toByteArray();
    }

    /** The test case id of an event built by {@link #testBegin(String)}. */
    static String id(byte[] event) {
        return decode(event).getTestBegin().getTestCase().getId();
    }

    static List<String> ids(List<byte[]> events) {
        List<String> ids = new ArrayList<>(events.size());
        for (byte[] event : events) {
            ids.add(id(event));
        }
        return ids;
    }

    /** What the collector reads from an event the listener encoded: the generated classes parse it. */
    static Event decode(byte[] event) {
        try {
            return Event.parseFrom(event);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("the listener wrote an event protobuf cannot read", e);
        }
    }

    /** Where a test collects the events a listener class writes, decoded. */
    static Consumer<byte[]> decodingInto(List<Event> events) {
        return event -> events.add(decode(event));
    }

    /** "t1" ... "t{count}" */
    static List<String> numbered(String prefix, int from, int to) {
        List<String> ids = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            ids.add(prefix + i);
        }
        return ids;
    }

    /** Waits up to {@code timeoutMs} for {@code condition}; fails with {@code what} otherwise. */
    static void await(String what, long timeoutMs, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for: " + what);
            }
            Thread.sleep(2);
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, 5_000, condition);
    }
}
