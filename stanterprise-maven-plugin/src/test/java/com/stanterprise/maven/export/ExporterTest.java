package com.stanterprise.maven.export;

import com.stanterprise.aggregator.v1.EncodedEvent;
import com.stanterprise.aggregator.v1.EncodedEventBatch;
import com.stanterprise.maven.collector.TestCollector;
import com.stanterprise.maven.configuration.Endpoint;
import com.stanterprise.testsystem.v1.events.StdOutputEventRequest;
import com.stanterprise.testsystem.v1.observer.Event;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static com.stanterprise.maven.Encoded.encoded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The exporter runs its own thread; these tests wait for what they expect with a generous bound
 * and never assert on how long something took.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExporterTest {

    private static final String RUN_ID = "run-1";
    private static final String SOURCE_ID = "source-1";
    private static final long WAIT_MS = 20_000;
    /** Longer than any test: a batch is then only cut by size or by shutdown. */
    private static final long NEVER_MS = TimeUnit.HOURS.toMillis(1);

    @TempDir
    Path spoolDirectory;

    private final ExportStatistics statistics = new ExportStatistics();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseBlockedTransports() {
        release.countDown();
    }

    // ---- transports

    /** Records every batch it is handed, delivered or not. */
    private static class RecordingTransport implements EventTransport {
        final List<EncodedEventBatch> calls = new CopyOnWriteArrayList<>();
        final List<EncodedEventBatch> delivered = new CopyOnWriteArrayList<>();
        final CountDownLatch entered = new CountDownLatch(1);

        @Override
        public int send(EncodedEventBatch batch, long timeoutMs) throws ExportException {
            calls.add(batch);
            entered.countDown();
            deliver(batch);
            delivered.add(batch);
            return 1;
        }

        /** Throws to fail the call. */
        void deliver(EncodedEventBatch batch) throws ExportException {
        }

        @Override
        public String destination() {
            return "memory";
        }

        @Override
        public void close() {
        }

        List<EncodedEvent> deliveredEvents() {
            return delivered.stream().flatMap(batch -> batch.getEventsList().stream()).collect(Collectors.toList());
        }

        List<Integer> deliveredSizes() {
            return delivered.stream().map(EncodedEventBatch::getEventsCount).collect(Collectors.toList());
        }
    }

    /** Blocks in every call until the test releases it, ignoring the call's timeout: a hung collector. */
    private class HungTransport extends RecordingTransport {
        @Override
        void deliver(EncodedEventBatch batch) throws ExportException {
            try {
                if (!release.await(WAIT_MS * 3, TimeUnit.MILLISECONDS)) {
                    throw failure(Status.Code.DEADLINE_EXCEEDED, 0, batch.getEventsCount());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure(Status.Code.CANCELLED, 0, batch.getEventsCount());
            }
        }
    }

    /** A collector that fails every call with {@code code}, taking nothing. */
    private static RecordingTransport refusingEveryCall(Status.Code code) {
        return new RecordingTransport() {
            @Override
            void deliver(EncodedEventBatch batch) throws ExportException {
                throw failure(code, 0, batch.getEventsCount());
            }
        };
    }

    private static ExportException failure(Status.Code code, int delivered, int rejected) {
        return new ExportException(code + " from the test transport", null, code, delivered, rejected, 1);
    }

    // ---- helpers

    private static EncodedEvent event(int i) {
        // One size for every i below 10000: the text is padded and the sequence is a 2-byte varint.
        return encoded(Event.newBuilder()
                .setSequence(1000 + i)
                .setStdOutput(StdOutputEventRequest.newBuilder().setTestId("test")
                        .setMessage(String.format("line %04d", i)))
                .build());
    }

    private static List<EncodedEvent> events(int count) {
        List<EncodedEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(event(i));
        }
        return events;
    }

    private Delivery delivery(EventTransport transport, Spool spool, int maxRetries, int breakerThreshold) {
        return new Delivery(transport, spool, new RetryPolicy(maxRetries, 1, 1.0),
                new CircuitBreaker(breakerThreshold), 10_000, statistics, warnings::add, 1000);
    }

    private Delivery delivery(EventTransport transport) {
        return delivery(transport, Spool.forBuild(spoolDirectory, SOURCE_ID, Long.MAX_VALUE), 3, 1000);
    }

    private Exporter exporter(Delivery delivery, int batchSize, long flushIntervalMs, long maxQueueBytes) {
        Exporter exporter = new Exporter(delivery, RUN_ID, SOURCE_ID, batchSize, flushIntervalMs, maxQueueBytes,
                statistics, (warning, e) -> warnings.add(warning));
        exporter.start();
        return exporter;
    }

    private Exporter exporter(EventTransport transport, int batchSize, long flushIntervalMs) {
        return exporter(delivery(transport), batchSize, flushIntervalMs, Long.MAX_VALUE);
    }

    /** Invariant 4: every event accepted is delivered, in the spool, or counted as dropped. */
    private long accountedFor() {
        return statistics.eventsDelivered() + statistics.spooled() + statistics.lost();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("waited " + WAIT_MS + " ms for " + what);
            }
            Thread.sleep(5);
        }
    }

    private static void await(CountDownLatch latch, String what) throws InterruptedException {
        assertTrue(latch.await(WAIT_MS, TimeUnit.MILLISECONDS), "waited " + WAIT_MS + " ms for " + what);
    }

    // ---- batching

    @Test
    void batchesHoldAtMostBatchSizeEvents() throws InterruptedException {
        RecordingTransport transport = new RecordingTransport();
        Exporter exporter = exporter(transport, 7, NEVER_MS);
        List<EncodedEvent> sent = events(100);

        sent.forEach(exporter::accept);
        assertTrue(exporter.shutdown(WAIT_MS));

        List<Integer> expected = new ArrayList<>(Collections.nCopies(14, 7));
        expected.add(2);
        assertEquals(expected, transport.deliveredSizes(), "full batches, then the rest at shutdown");
        assertEquals(sent, transport.deliveredEvents());
        assertEquals(100, statistics.eventsQueued());
        assertEquals(100, statistics.eventsDelivered());
        assertEquals(15, statistics.batches());
        assertEquals(15, statistics.calls());
        assertEquals(7, statistics.largestBatch());
        assertEquals(0, statistics.lost());
    }

    @Test
    void everyBatchNamesTheRunAndTheSource() throws InterruptedException {
        RecordingTransport transport = new RecordingTransport();
        Exporter exporter = exporter(transport, 3, NEVER_MS);

        events(10).forEach(exporter::accept);
        assertTrue(exporter.shutdown(WAIT_MS));

        for (EncodedEventBatch batch : transport.delivered) {
            assertEquals(RUN_ID, batch.getRunId());
            assertEquals(SOURCE_ID, batch.getSourceId());
        }
    }

    @Test
    void fullBatchesGoOutWithoutWaitingForTheInterval() throws InterruptedException {
        RecordingTransport transport = new RecordingTransport();
        Exporter exporter = exporter(transport, 5, NEVER_MS);

        events(10).forEach(exporter::accept);

        await("two full batches", () -> transport.delivered.size() == 2);
        assertEquals(events(10), transport.deliveredEvents());
        assertTrue(exporter.shutdown(WAIT_MS));
    }

    @Test
    void aBatchIsCutAfterTheFlushIntervalWhenFewerEventsArrive() throws InterruptedException {
        RecordingTransport transport = new RecordingTransport();
        Exporter exporter = exporter(transport, 100, 20);
        List<EncodedEvent> sent = events(3);

        sent.forEach(exporter::accept);

        await("the interval to cut a batch, without shutdown", () -> transport.deliveredEvents().size() == 3);
        assertEquals(sent, transport.deliveredEvents());
        assertTrue(transport.deliveredSizes().stream().allMatch(size -> size < 100));
        assertTrue(exporter.shutdown(WAIT_MS));
        assertEquals(sent, transport.deliveredEvents());
    }

    @Test
    void eventsAfterAnIntervalCutGoInTheNextBatch() throws InterruptedException {
        RecordingTransport transport = new RecordingTransport();
        Exporter exporter = exporter(transport, 100, 20);
        List<EncodedEvent> sent = events(4);

        exporter.accept(sent.get(0));
        await("the first batch", () -> transport.delivered.size() == 1);
        sent.subList(1, 4).forEach(exporter::accept);
        await("the rest", () -> transport.deliveredEvents().size() == 4);

        assertEquals(sent, transport.deliveredEvents());
        assertEquals(Collections.singletonList(sent.get(0)), transport.delivered.get(0).getEventsList());
        assertTrue(exporter.shutdown(WAIT_MS));
    }

    @Test
    void noBatchGoesOverTheCollectorsMessageLimit() throws Exception {
        // Gives gRPC's default inbound limit of 4 MiB, as the observer does.
        TestCollector collector = TestCollector.start();
        collector.keepNoEvents();
        GrpcBatchTransport transport = new GrpcBatchTransport(
                new CollectorChannel(Endpoint.parse(collector.endpoint())), new CallLatency(), info -> { });
        Exporter exporter = new Exporter(delivery(transport), RUN_ID, "a0e7c1b2-5d3f-4e8a-9b6c-7d2e1f0a3b4c",
                100_000, NEVER_MS, Long.MAX_VALUE, statistics, (warning, e) -> warnings.add(warning));
        // Short lines: each event's own framing in the batch (a tag byte and a length) is 3% of it,
        // more than the room a cut on the events' sizes alone would leave under the limit.
        int count = 100_000;
        for (int i = 1; i <= count; i++) {
            exporter.accept(encoded(Event.newBuilder().setSequence(i)
                    .setStdOutput(StdOutputEventRequest.newBuilder().setTestId("com.example.SomeTest#test")
                            .setMessage(String.format("line %06d of the test's output", i)))
                    .build()));
        }
        try {
            exporter.start();
            assertTrue(exporter.shutdown(WAIT_MS));
        } finally {
            transport.close();
            collector.close();
        }

        assertEquals(count, collector.acknowledgedThrough("a0e7c1b2-5d3f-4e8a-9b6c-7d2e1f0a3b4c"), warnings.toString());
        assertEquals(count, statistics.eventsDelivered());
        assertEquals(0, statistics.spooled());
        assertEquals(0, statistics.retries());
        assertTrue(collector.largestBatchBytes() <= CollectorChannel.MAX_MESSAGE_BYTES,
                "largest batch " + collector.largestBatchBytes());
        assertTrue(collector.largestBatchBytes() > CollectorChannel.MAX_MESSAGE_BYTES - 100,
                "a full batch is cut where the next event would go over the limit: " + collector.largestBatchBytes());
    }

    // ---- shutdown

    @Test
    void shutdownDrainsEverythingInOrder() throws InterruptedException {
        RecordingTransport transport = new RecordingTransport();
        Exporter exporter = exporter(transport, 50, NEVER_MS);
        List<EncodedEvent> sent = events(1234);

        sent.forEach(exporter::accept);

        assertTrue(exporter.shutdown(WAIT_MS));
        assertEquals(sent, transport.deliveredEvents());
        assertTrue(transport.deliveredSizes().stream().allMatch(size -> size <= 50));
        assertEquals(1234, statistics.eventsDelivered());
        assertEquals(0, statistics.lost());
        assertEquals(0, statistics.spooled());
    }

    @Test
    void shutdownWithNothingQueued() throws InterruptedException {
        RecordingTransport transport = new RecordingTransport();
        Exporter exporter = exporter(transport, 50, NEVER_MS);

        assertTrue(exporter.shutdown(WAIT_MS));

        assertTrue(transport.calls.isEmpty());
    }

    @Test
    void aTransportHungPastTheShutdownTimeoutCountsTheQueuedRestAndTheCallInFlightAsLost() throws InterruptedException {
        HungTransport transport = new HungTransport();
        Exporter exporter = exporter(transport, 1, NEVER_MS);
        List<EncodedEvent> sent = events(5);

        exporter.accept(sent.get(0));
        await(transport.entered, "the worker to call the transport");
        sent.subList(1, 5).forEach(exporter::accept);

        assertFalse(exporter.shutdown(100), "the worker is stuck in a call");

        assertEquals(Collections.singletonMap("shutdown timeout", 5L), statistics.droppedByReason(),
                "the four events still queued and the one in the hung call");
        assertEquals(5, statistics.lost());
        release.countDown();
    }

    /**
     * Invariant 4 (no event is lost silently) at the moment the build log's summary is printed:
     * when shutdown gives up on a hung call, the batch that call carries is neither delivered,
     * spooled nor counted as dropped.
     */
    @Test
    void aTransportHungPastTheShutdownTimeoutLosesNothingSilently() throws InterruptedException {
        HungTransport transport = new HungTransport();
        Exporter exporter = exporter(transport, 1, NEVER_MS);
        List<EncodedEvent> sent = events(5);

        exporter.accept(sent.get(0));
        await(transport.entered, "the worker to call the transport");
        sent.subList(1, 5).forEach(exporter::accept);

        assertFalse(exporter.shutdown(100));

        assertEquals(sent.size(), accountedFor(), "delivered " + statistics.eventsDelivered() + ", spooled "
                + statistics.spooled() + ", dropped " + statistics.droppedByReason() + " of " + sent.size());
    }

    // ---- queue bound

    @Test
    void eventsBeyondTwiceTheQueueBoundAreDroppedAndCounted() throws InterruptedException {
        HungTransport transport = new HungTransport();
        long size = event(0).getSerializedSize();
        for (EncodedEvent event : events(10)) {
            assertEquals(size, event.getSerializedSize(), "the test needs events of one size");
        }
        Exporter exporter = exporter(delivery(transport), 1, NEVER_MS, 3 * size);
        List<EncodedEvent> sent = events(10);

        exporter.accept(sent.get(0));
        await(transport.entered, "the worker to take the first event");
        // The first event has left the queue: six more fit (twice the bound), three do not.
        sent.subList(1, 10).forEach(exporter::accept);

        assertEquals(3, statistics.droppedQueueFull());
        assertEquals(Collections.singletonMap("queue full", 3L), statistics.droppedByReason());
        assertEquals(7, statistics.eventsQueued());
        release.countDown();
        assertTrue(exporter.shutdown(WAIT_MS));
        assertEquals(sent.subList(0, 7), transport.deliveredEvents());
        assertEquals(3, statistics.lost());
        assertEquals(10, accountedFor());
    }

    @Test
    void aForkWaitsForRoomInAFullQueueUntilTheWorkerTakesEvents() throws Exception {
        HungTransport transport = new HungTransport();
        long size = event(0).getSerializedSize();
        Exporter exporter = exporter(delivery(transport), 1, NEVER_MS, 3 * size);
        List<EncodedEvent> sent = events(5);
        exporter.accept(sent.get(0));
        await(transport.entered, "the worker to take the first event");
        sent.subList(1, 4).forEach(exporter::accept);

        CountDownLatch roomMade = new CountDownLatch(1);
        Thread fork = new Thread(() -> {
            exporter.awaitRoom(size);
            roomMade.countDown();
        });
        fork.start();
        assertFalse(roomMade.await(200, TimeUnit.MILLISECONDS), "a full queue holds the fork back");

        release.countDown();
        await(roomMade, "room once the worker takes the next event");
        exporter.accept(sent.get(4));
        assertTrue(exporter.shutdown(WAIT_MS));
        assertEquals(sent, transport.deliveredEvents());
        assertEquals(0, statistics.lost());
        assertEquals(1, statistics.heldBack());
        assertTrue(statistics.heldBackMillis() >= 150, statistics.heldBackMillis() + " ms");
    }

    @Test
    void aBatchLargerThanTheWholeBoundWaitsOnlyForAnEmptyQueue() {
        Exporter exporter = exporter(delivery(new RecordingTransport()), 1, NEVER_MS, 10);

        assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () -> exporter.awaitRoom(1_000));
    }

    @Test
    void aForkDoesNotWaitForAnExporterThatShutDown() throws Exception {
        Exporter exporter = exporter(delivery(new HungTransport()), 1, NEVER_MS, 1);
        release.countDown();
        assertTrue(exporter.shutdown(WAIT_MS));

        assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () -> exporter.awaitRoom(1_000));
    }

    @Test
    void roomFreedByTheWorkerIsUsedAgain() throws InterruptedException {
        RecordingTransport transport = new RecordingTransport();
        long size = event(0).getSerializedSize();
        Exporter exporter = exporter(delivery(transport), 1, NEVER_MS, size);
        List<EncodedEvent> sent = events(5);

        for (EncodedEvent event : sent) {
            int before = transport.delivered.size();
            exporter.accept(event);
            await("the worker to take the event", () -> transport.delivered.size() == before + 1);
        }

        assertTrue(exporter.shutdown(WAIT_MS));
        assertEquals(sent, transport.deliveredEvents());
        assertEquals(0, statistics.droppedQueueFull());
    }

    // ---- failing transports

    @Test
    void eventsTheCollectorRefusesAreCountedAsDroppedAndWarnedOnce() throws InterruptedException {
        RecordingTransport transport = refusingEveryCall(Status.Code.INVALID_ARGUMENT);
        Exporter exporter = exporter(transport, 2, NEVER_MS);

        events(5).forEach(exporter::accept);
        assertTrue(exporter.shutdown(WAIT_MS));

        assertEquals(Collections.singletonMap("INVALID_ARGUMENT", 5L), statistics.droppedByReason());
        assertEquals(5, statistics.droppedUndelivered());
        assertEquals(0, statistics.eventsDelivered());
        assertEquals(3, transport.calls.size(), "every batch was tried once: a refusal is not retried");
        assertEquals(0, statistics.retries());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("INVALID_ARGUMENT"), warnings.get(0));
        assertEquals(5, accountedFor());
    }

    @Test
    void aTransientFailureIsRetriedAndLosesNothing() throws InterruptedException {
        AtomicInteger failuresLeft = new AtomicInteger(2);
        RecordingTransport transport = new RecordingTransport() {
            @Override
            void deliver(EncodedEventBatch batch) throws ExportException {
                if (failuresLeft.getAndDecrement() > 0) {
                    throw failure(Status.Code.UNAVAILABLE, 0, batch.getEventsCount());
                }
            }
        };
        Exporter exporter = exporter(transport, 10, NEVER_MS);
        List<EncodedEvent> sent = events(25);

        sent.forEach(exporter::accept);
        assertTrue(exporter.shutdown(WAIT_MS));

        assertEquals(sent, transport.deliveredEvents());
        assertEquals(2, statistics.retries());
        assertEquals(0, statistics.lost());
        assertEquals(0, statistics.spooled());
    }

    @Test
    void aRetryResendsOnlyWhatTheCollectorDidNotTake() throws InterruptedException {
        AtomicInteger call = new AtomicInteger();
        RecordingTransport transport = new RecordingTransport() {
            @Override
            void deliver(EncodedEventBatch batch) throws ExportException {
                if (call.incrementAndGet() == 1) {
                    throw failure(Status.Code.ABORTED, 3, batch.getEventsCount() - 3);
                }
            }
        };
        Exporter exporter = exporter(transport, 5, NEVER_MS);
        List<EncodedEvent> sent = events(5);

        sent.forEach(exporter::accept);
        assertTrue(exporter.shutdown(WAIT_MS));

        assertEquals(2, transport.calls.size());
        assertEquals(sent, transport.calls.get(0).getEventsList());
        assertEquals(sent.subList(3, 5), transport.calls.get(1).getEventsList());
        assertEquals(5, statistics.eventsDelivered());
        assertEquals(0, statistics.lost());
    }

    @Test
    void whenRetriesRunOutTheEventsGoToTheSpool() throws InterruptedException, IOException {
        RecordingTransport transport = refusingEveryCall(Status.Code.UNAVAILABLE);
        Spool spool = Spool.forBuild(spoolDirectory, SOURCE_ID, Long.MAX_VALUE);
        Exporter exporter = exporter(delivery(transport, spool, 1, 1000), 2, NEVER_MS, Long.MAX_VALUE);

        events(5).forEach(exporter::accept);
        assertTrue(exporter.shutdown(WAIT_MS));

        assertEquals(5, statistics.spooled());
        assertEquals(0, statistics.lost());
        assertEquals(5, Spool.countEvents(spool.file()));
        assertEquals(1, warnings.stream().filter(warning -> warning.contains("spooling")).count(), warnings.toString());
        assertEquals(5, accountedFor());
    }

    @Test
    void anOpenCircuitBreakerSpoolsTheRestWithoutACallUntilItsNextProbe() throws InterruptedException, IOException {
        RecordingTransport transport = refusingEveryCall(Status.Code.UNAVAILABLE);
        Spool spool = Spool.forBuild(spoolDirectory, SOURCE_ID, Long.MAX_VALUE);
        Exporter exporter = exporter(delivery(transport, spool, 1, 1), 2, NEVER_MS, Long.MAX_VALUE);

        events(6).forEach(exporter::accept);
        assertTrue(exporter.shutdown(WAIT_MS));

        assertEquals(3, transport.calls.size(), "a call and its retry opened the breaker; then one at the end");
        assertEquals(6, statistics.spooled());
        assertEquals(6, Spool.countEvents(spool.file()));
        assertEquals(6, accountedFor());
    }

    @Test
    void withoutASpoolUndeliveredEventsAreCountedAsDropped() throws InterruptedException {
        RecordingTransport transport = refusingEveryCall(Status.Code.UNAVAILABLE);
        Exporter exporter = exporter(delivery(transport, null, 1, 1000), 2, NEVER_MS, Long.MAX_VALUE);

        events(5).forEach(exporter::accept);
        assertTrue(exporter.shutdown(WAIT_MS));

        assertEquals(Collections.singletonMap("no spool", 5L), statistics.droppedByReason());
        assertEquals(5, accountedFor());
    }

    @Test
    void aLocalSinkThatFailsCountsTheEventsAsDropped() throws InterruptedException {
        RecordingTransport transport = new RecordingTransport() {
            @Override
            void deliver(EncodedEventBatch batch) throws ExportException {
                throw failure(Status.Code.UNKNOWN, 0, batch.getEventsCount());
            }

            @Override
            public boolean remote() {
                return false;
            }
        };
        Exporter exporter = exporter(delivery(transport, null, 3, 1000), 2, NEVER_MS, Long.MAX_VALUE);

        events(5).forEach(exporter::accept);
        assertTrue(exporter.shutdown(WAIT_MS));

        assertEquals(3, transport.calls.size(), "a local sink is not retried");
        assertEquals(5, statistics.lost());
        assertEquals(1, warnings.size(), warnings.toString());
    }

    /**
     * A transport that breaks its contract by throwing an unchecked exception must not kill the
     * worker: later events would then sit in the queue, uncounted, and shutdown would report
     * success.
     */
    @Test
    void aTransportThatThrowsAnUncheckedExceptionLosesNothingSilently() throws InterruptedException {
        AtomicInteger call = new AtomicInteger();
        RecordingTransport transport = new RecordingTransport() {
            @Override
            void deliver(EncodedEventBatch batch) {
                if (call.incrementAndGet() == 1) {
                    throw new IllegalStateException("channel shut down");
                }
            }
        };
        Exporter exporter = exporter(transport, 2, NEVER_MS);
        List<EncodedEvent> sent = events(6);

        sent.forEach(exporter::accept);
        exporter.shutdown(WAIT_MS);

        assertEquals(sent.size(), accountedFor(), "delivered " + statistics.eventsDelivered() + ", spooled "
                + statistics.spooled() + ", dropped " + statistics.droppedByReason() + " of " + sent.size());
    }

    /**
     * An Error from the transport (an OutOfMemoryError, as building a 4 MiB batch may throw)
     * ended the worker: everything accepted after sat in the queue, shutdown found the worker
     * dead and reported success, and the events were neither delivered, spooled nor counted.
     */
    @Test
    void aTransportThatThrowsAnErrorSpoolsWhatIsQueuedAndCountsWhatComesAfter() throws Exception {
        RecordingTransport transport = new RecordingTransport() {
            @Override
            void deliver(EncodedEventBatch batch) {
                throw new OutOfMemoryError("Java heap space");
            }
        };
        Spool spool = Spool.forBuild(spoolDirectory, SOURCE_ID, Long.MAX_VALUE);
        Exporter exporter = new Exporter(delivery(transport, spool, 3, 1000), RUN_ID, SOURCE_ID, 10, NEVER_MS,
                Long.MAX_VALUE, statistics, (warning, e) -> warnings.add(warning + " " + e));
        events(100).forEach(exporter::accept);

        exporter.start();
        exporter.shutdown(WAIT_MS);

        assertEquals(100, accountedFor(), "delivered " + statistics.eventsDelivered() + ", spooled "
                + statistics.spooled() + ", dropped " + statistics.droppedByReason() + " of 100");
        assertEquals(100, Spool.countEvents(spool.file()), "what was queued when the worker failed");
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("the exporter failed (java.lang.OutOfMemoryError: Java heap space)"),
                warnings.get(0));
        assertFalse(exporter.accept(event(100)), "after the failure, events are not queued for no one");
        assertEquals(Collections.singletonMap("exporter failed", 1L), statistics.droppedByReason());
    }

    /** A worker that fails while spooling too ends; shutdown counts what it left as lost. */
    @Test
    void whatAWorkerThatFailedForGoodLeftIsCountedAsLostAtShutdown() throws Exception {
        RecordingTransport transport = new RecordingTransport() {
            @Override
            void deliver(EncodedEventBatch batch) {
                throw new OutOfMemoryError("Java heap space");
            }

            @Override
            public boolean remote() {
                return false; // a local sink is never spooled: the second try fails too
            }
        };
        Exporter exporter = new Exporter(delivery(transport, null, 3, 1000), RUN_ID, SOURCE_ID, 10, NEVER_MS,
                Long.MAX_VALUE, statistics, (warning, e) -> warnings.add(warning));
        events(100).forEach(exporter::accept);

        exporter.start();
        assertFalse(exporter.shutdown(WAIT_MS), "events were left behind");

        assertEquals(Collections.singletonMap("exporter failed", 100L), statistics.droppedByReason());
        assertEquals(100, accountedFor());
    }
}
