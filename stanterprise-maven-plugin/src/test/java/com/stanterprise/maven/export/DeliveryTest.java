package com.stanterprise.maven.export;

import com.google.protobuf.Timestamp;
import com.stanterprise.aggregator.v1.EncodedEvent;
import com.stanterprise.aggregator.v1.EncodedEventBatch;
import com.stanterprise.maven.collector.TestCollector;
import com.stanterprise.maven.configuration.Endpoint;
import com.stanterprise.testsystem.v1.entities.TestCaseRun;
import com.stanterprise.testsystem.v1.events.StdOutputEventRequest;
import com.stanterprise.testsystem.v1.events.TestBeginEventRequest;
import com.stanterprise.testsystem.v1.observer.Event;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static com.stanterprise.maven.Encoded.decoded;
import static com.stanterprise.maven.Encoded.encoded;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Delivery driven call by call, as the exporter's worker drives it, against a collector whose
 * answers the test scripts. Retries wait 1 ms or so; only two tests wait for the 2 s probe.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeliveryTest {

    private static final String RUN_ID = "run-1";
    private static final String SOURCE_ID = "source-1";
    private static final long CALL_TIMEOUT_MS = 10_000;
    /** Delivery's probe interval, and a little more. */
    private static final long PROBE_WAIT_MS = 2_100;
    private static final int MANY = 1_000;

    @TempDir
    Path directory;

    private final ExportStatistics statistics = new ExportStatistics();
    private final List<String> warnings = new ArrayList<>();
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    // ---- the scripted collector

    /** One answer of the collector to one call. */
    private static final class Outcome {
        /** null: the whole batch is taken. */
        final Status.Code code;
        /** Events from the start of the batch the collector holds before it failed. */
        final int delivered;
        /** Events the failed call refused; -1 for all the rest. */
        final int rejected;

        private Outcome(Status.Code code, int delivered, int rejected) {
            this.code = code;
            this.delivered = delivered;
            this.rejected = rejected;
        }

        static Outcome deliver() {
            return new Outcome(null, 0, 0);
        }

        static Outcome fail(Status.Code code) {
            return new Outcome(code, 0, -1);
        }

        static Outcome fail(Status.Code code, int delivered, int rejected) {
            return new Outcome(code, delivered, rejected);
        }
    }

    /** Answers each call with the next scripted outcome, then with {@code otherwise}. */
    private static final class ScriptedTransport implements EventTransport {
        private final Deque<Outcome> script = new ArrayDeque<>();
        private Outcome otherwise = Outcome.deliver();
        /** Every batch handed over, taken or not. */
        final List<EncodedEventBatch> calls = new ArrayList<>();
        final List<Long> timeouts = new ArrayList<>();
        /** What the collector holds, in the order it got it. */
        final List<EncodedEvent> held = new ArrayList<>();

        ScriptedTransport then(Outcome outcome) {
            script.add(outcome);
            return this;
        }

        ScriptedTransport then(int times, Outcome outcome) {
            for (int i = 0; i < times; i++) {
                script.add(outcome);
            }
            return this;
        }

        ScriptedTransport otherwise(Outcome outcome) {
            otherwise = outcome;
            return this;
        }

        @Override
        public int send(EncodedEventBatch batch, long timeoutMs) throws ExportException {
            calls.add(batch);
            timeouts.add(timeoutMs);
            Outcome outcome = script.isEmpty() ? otherwise : script.poll();
            if (outcome.code == null) {
                held.addAll(batch.getEventsList());
                return 1;
            }
            int delivered = Math.min(outcome.delivered, batch.getEventsCount());
            held.addAll(batch.getEventsList().subList(0, delivered));
            int rejected = outcome.rejected < 0 ? batch.getEventsCount() - delivered : outcome.rejected;
            throw new ExportException(outcome.code + " from the scripted collector", null, outcome.code,
                    delivered, rejected, 1);
        }

        /** How often delivery asked for a connection attempt at once. */
        int reconnects;

        @Override
        public void reconnectNow(long timeoutMs) {
            reconnects++;
        }

        @Override
        public String destination() {
            return "scripted collector";
        }

        @Override
        public void close() {
        }

        List<Long> heldSequences() {
            return held.stream().map(EncodedEvent::getSequence).collect(Collectors.toList());
        }

        List<List<Long>> callSequences() {
            return calls.stream().map(DeliveryTest::sequences).collect(Collectors.toList());
        }
    }

    // ---- helpers

    private static EncodedEvent testBegin(long sequence) {
        return encoded(Event.newBuilder()
                .setSequence(sequence)
                .setEmittedAt(Timestamp.newBuilder().setSeconds(1_700_000_000L + sequence))
                .setTestBegin(TestBeginEventRequest.newBuilder().setTestCase(TestCaseRun.newBuilder()
                        .setId("test-case-" + sequence)
                        .setName("test " + sequence)
                        .setRunId(RUN_ID)))
                .build());
    }

    /** Events with the sequences {@code first}, {@code first + 1} ... */
    private static EncodedEventBatch batch(long first, int count) {
        EncodedEventBatch.Builder batch = EncodedEventBatch.newBuilder().setRunId(RUN_ID).setSourceId(SOURCE_ID);
        for (int i = 0; i < count; i++) {
            batch.addEvents(testBegin(first + i));
        }
        return batch.build();
    }

    private static List<Long> sequences(EncodedEventBatch batch) {
        return batch.getEventsList().stream().map(EncodedEvent::getSequence).collect(Collectors.toList());
    }

    private static List<Long> range(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().collect(Collectors.toList());
    }

    private Spool spool() {
        return Spool.forBuild(directory, SOURCE_ID, Long.MAX_VALUE);
    }

    /** Spooled records go back one per call, as they were spooled (see the tests of merging). */
    private Delivery delivery(EventTransport transport, Spool spool, int maxRetries, int breakerThreshold) {
        return delivery(transport, spool, maxRetries, breakerThreshold, 1);
    }

    private Delivery delivery(EventTransport transport, Spool spool, int maxRetries, int breakerThreshold,
                              int spoolBatchEvents) {
        return new Delivery(transport, spool, new RetryPolicy(maxRetries, 1, 2.0),
                new CircuitBreaker(breakerThreshold), CALL_TIMEOUT_MS, statistics, warnings::add, spoolBatchEvents);
    }

    /** Every record of a spool file, read without changing it. */
    private static List<EncodedEventBatch> records(Path file) throws IOException {
        Spool spool = Spool.open(file);
        List<EncodedEventBatch> records = new ArrayList<>();
        EncodedEventBatch batch;
        while ((batch = spool.peek()) != null) {
            records.add(batch);
            spool.remove();
        }
        spool.closeUnchanged();
        return records;
    }

    /** A spool file of an earlier build, holding the batches. */
    private Path spoolFile(EncodedEventBatch... batches) throws IOException {
        Spool spool = spool();
        for (EncodedEventBatch batch : batches) {
            assertTrue(spool.append(batch));
        }
        spool.close();
        return spool.file();
    }

    /** Invariant 4: every event handed over is delivered, in the spool, or counted as dropped. */
    private long accountedFor() {
        return statistics.eventsDelivered() + statistics.spooled() + statistics.lost();
    }

    private static List<String> heldTestIds(ScriptedTransport transport) {
        return transport.held.stream().map(event -> decoded(event).getTestBegin().getTestCase().getId())
                .collect(Collectors.toList());
    }

    private long warningsAbout(String text) {
        return warnings.stream().filter(warning -> warning.contains(text)).count();
    }

    // ---- live

    @Test
    void liveDeliveryRecordsWhatWasDelivered() {
        ScriptedTransport transport = new ScriptedTransport();
        Spool spool = spool();
        Delivery delivery = delivery(transport, spool, 3, MANY);

        delivery.deliver(batch(1, 3));
        delivery.deliver(batch(4, 5));

        assertEquals(Delivery.State.LIVE, delivery.state());
        assertEquals(Arrays.asList(batch(1, 3), batch(4, 5)), transport.calls, "the batches as they came");
        assertEquals(range(1, 8), transport.heldSequences());
        assertEquals(8, statistics.eventsDelivered());
        assertEquals(2, statistics.batches());
        assertEquals(2, statistics.calls());
        assertEquals(5, statistics.largestBatch());
        assertEquals(0, statistics.retries());
        assertEquals(0, statistics.spooled());
        assertEquals(0, statistics.lost());
        assertEquals(Collections.emptyList(), warnings);
        assertEquals(Arrays.asList(CALL_TIMEOUT_MS, CALL_TIMEOUT_MS), transport.timeouts);

        delivery.finish();
        assertFalse(Files.exists(spool.file()), "nothing was spooled, so there is no spool file");
    }

    @Test
    void eachCallEndsByTheDeadline() {
        ScriptedTransport transport = new ScriptedTransport();
        Delivery delivery = delivery(transport, spool(), 3, MANY);

        delivery.deadline(System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
        delivery.deliver(batch(1, 2));

        long timeout = transport.timeouts.get(0);
        assertTrue(timeout > 0 && timeout <= 5_000, "the call's timeout was " + timeout + " ms");
    }

    // ---- transient failures

    @ParameterizedTest
    @EnumSource(value = Status.Code.class,
            names = {"UNAVAILABLE", "INTERNAL", "DEADLINE_EXCEEDED", "ABORTED", "RESOURCE_EXHAUSTED"})
    void aTransientFailureIsRetriedUpToMaxRetriesAndThenSpooled(Status.Code code) throws IOException {
        ScriptedTransport transport = new ScriptedTransport().otherwise(Outcome.fail(code));
        Spool spool = spool();
        Delivery delivery = delivery(transport, spool, 3, MANY);
        EncodedEventBatch batch = batch(1, 5);

        delivery.deliver(batch);

        assertEquals(4, transport.calls.size(), "the first call and three retries");
        assertTrue(transport.calls.stream().allMatch(batch::equals), "every call carried the whole batch");
        assertEquals(3, statistics.retries());
        assertEquals(4, statistics.calls());
        assertEquals(Delivery.State.SPOOLING, delivery.state());
        assertEquals(5, statistics.spooled());
        assertEquals(0, statistics.eventsDelivered());
        assertEquals(0, statistics.lost());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains(code.name()), warnings.get(0));
        assertTrue(warnings.get(0).contains("spooling"), warnings.get(0));

        delivery.finish();
        assertEquals(Collections.singletonList(batch), records(spool.file()),
                "the spool keeps the run id, source id and sequences");
        assertEquals(5, accountedFor());
    }

    @Test
    void aTransientFailureThatClearsUpIsNotSpooled() {
        ScriptedTransport transport = new ScriptedTransport().then(2, Outcome.fail(Status.Code.UNAVAILABLE));
        Spool spool = spool();
        Delivery delivery = delivery(transport, spool, 3, MANY);

        delivery.deliver(batch(1, 5));

        assertEquals(3, transport.calls.size());
        assertEquals(range(1, 5), transport.heldSequences());
        assertEquals(2, statistics.retries());
        assertEquals(Delivery.State.LIVE, delivery.state());
        assertEquals(0, statistics.spooled());
        assertEquals(5, statistics.eventsDelivered());
        assertEquals(Collections.emptyList(), warnings);
        assertFalse(Files.exists(spool.file()));
    }

    @Test
    void aRetryAfterAPartialDeliveryResendsOnlyFromTheFailedEvent() {
        ScriptedTransport transport = new ScriptedTransport()
                .then(Outcome.fail(Status.Code.UNAVAILABLE, 2, 3));
        Delivery delivery = delivery(transport, spool(), 3, MANY);

        delivery.deliver(batch(1, 5));

        assertEquals(Arrays.asList(range(1, 5), range(3, 5)), transport.callSequences());
        assertEquals(RUN_ID, transport.calls.get(1).getRunId());
        assertEquals(SOURCE_ID, transport.calls.get(1).getSourceId());
        assertEquals(range(1, 5), transport.heldSequences(), "each event once, in order");
        assertEquals(5, statistics.eventsDelivered());
        assertEquals(2, statistics.calls());
        assertEquals(1, statistics.retries());
        assertEquals(0, statistics.spooled());
    }

    @Test
    void whenRetriesRunOutAfterAPartialDeliveryOnlyTheRestIsSpooled() throws IOException {
        ScriptedTransport transport = new ScriptedTransport()
                .then(Outcome.fail(Status.Code.UNAVAILABLE, 2, 3))
                .otherwise(Outcome.fail(Status.Code.UNAVAILABLE));
        Spool spool = spool();
        Delivery delivery = delivery(transport, spool, 1, MANY);

        delivery.deliver(batch(1, 5));

        assertEquals(Arrays.asList(range(1, 5), range(3, 5)), transport.callSequences());
        assertEquals(2, statistics.eventsDelivered());
        assertEquals(3, statistics.spooled());
        assertEquals(Delivery.State.SPOOLING, delivery.state());
        assertEquals(range(3, 5), sequences(spool.peek()));
        assertEquals(5, accountedFor());
    }

    // ---- refusals

    @Test
    void aRefusalDropsExactlyTheRejectedEventsAndDeliversTheRest() {
        ScriptedTransport transport = new ScriptedTransport()
                .then(Outcome.fail(Status.Code.INVALID_ARGUMENT, 1, 1))
                .then(Outcome.deliver())
                .then(Outcome.fail(Status.Code.INVALID_ARGUMENT, 0, 1));
        Delivery delivery = delivery(transport, spool(), 3, MANY);

        delivery.deliver(batch(1, 5));
        delivery.deliver(batch(6, 3));

        // The collector sees the sequences without the gaps the refused events left (WIRE.md 2).
        assertEquals(Arrays.asList(range(1, 5), range(2, 4), range(5, 7), range(5, 6)), transport.callSequences());
        assertEquals(range(1, 6), transport.heldSequences());
        assertEquals(Arrays.asList("test-case-1", "test-case-3", "test-case-4", "test-case-5", "test-case-7",
                "test-case-8"), heldTestIds(transport));
        assertEquals(Collections.singletonMap("INVALID_ARGUMENT", 2L), statistics.droppedByReason());
        assertEquals(6, statistics.eventsDelivered());
        assertEquals(0, statistics.retries(), "a refusal is not retried");
        assertEquals(0, statistics.spooled());
        assertEquals(Delivery.State.LIVE, delivery.state());
        assertEquals(1, warnings.size(), "once per reason: " + warnings);
        assertTrue(warnings.get(0).contains("INVALID_ARGUMENT"), warnings.get(0));
        assertEquals(8, accountedFor());
    }

    @Test
    void eachReasonForARefusalIsWarnedOnceAndCountedApart() {
        ScriptedTransport transport = new ScriptedTransport()
                .then(2, Outcome.fail(Status.Code.FAILED_PRECONDITION))
                .then(2, Outcome.fail(Status.Code.NOT_FOUND));
        Delivery delivery = delivery(transport, spool(), 3, 2);

        delivery.deliver(batch(1, 2));
        delivery.deliver(batch(3, 3));
        delivery.deliver(batch(6, 1));
        delivery.deliver(batch(7, 4));
        delivery.deliver(batch(11, 1));

        Map<String, Long> expected = new TreeMap<>();
        expected.put("FAILED_PRECONDITION", 5L);
        expected.put("NOT_FOUND", 5L);
        assertEquals(expected, statistics.droppedByReason());
        assertEquals(2, warnings.size(), warnings.toString());
        assertEquals(1, warningsAbout("FAILED_PRECONDITION"));
        assertEquals(1, warningsAbout("NOT_FOUND"));
        assertEquals(Delivery.State.LIVE, delivery.state(), "a collector that answers is not a failing one");
        assertEquals(5, transport.calls.size(), "the breaker (threshold 2) did not open on refusals");
        assertEquals(Collections.singletonList(1L), transport.heldSequences(), "the first event the collector sees");
        assertEquals(Collections.singletonList("test-case-11"), heldTestIds(transport));
        assertEquals(11, accountedFor());
    }

    /**
     * A missing, wrong or expired token is the build's setting, not the events' fault: they are
     * spooled for stanterprise:replay once it is right, with one warning that says where the
     * token comes from, and no more calls are made.
     */
    @ParameterizedTest
    @EnumSource(value = Status.Code.class, names = {"UNAUTHENTICATED", "PERMISSION_DENIED"})
    void aRefusedTokenSpoolsTheEventsAndSaysWhereTheTokenComesFrom(Status.Code code) throws IOException {
        ScriptedTransport transport = new ScriptedTransport().otherwise(Outcome.fail(code));
        Spool spool = spool();
        Delivery delivery = delivery(transport, spool, 3, MANY);

        delivery.deliver(batch(1, 5));
        delivery.deliver(batch(6, 3));

        assertEquals(8, statistics.spooled());
        assertEquals(0, statistics.lost(), statistics.droppedByReason().toString());
        assertEquals(1, transport.calls.size(), "no retry and no more calls: each would be refused too");
        assertEquals(Delivery.State.STOPPED, delivery.state());
        assertEquals(1, warnings.size(), warnings.toString());
        String warning = warnings.get(0);
        for (String fix : new String[] {code.name(), "settings.xml", "serverId", "-Dstanterprise.serverId",
                "STANTERPRISE_TOKEN", "mvn stanterprise:replay", spool.file().toString()}) {
            assertTrue(warning.contains(fix), "names " + fix + ": " + warning);
        }
        delivery.finish();

        // The token put right: replay delivers every event.
        ScriptedTransport fixed = new ScriptedTransport();
        assertTrue(delivery(fixed, Spool.open(spool.file()), 3, MANY).replay());
        assertEquals(range(1, 8), fixed.heldSequences());
    }

    /** The start-of-build check was refused too: the first probe keeps the spool, it does not drop it. */
    @Test
    void aProbeRefusedForTheTokenKeepsTheSpool() throws IOException {
        ScriptedTransport transport = new ScriptedTransport().otherwise(Outcome.fail(Status.Code.UNAUTHENTICATED));
        Spool spool = spool();
        Delivery delivery = delivery(transport, spool, 3, MANY);
        delivery.startSpooling();
        delivery.deliver(batch(1, 3));

        delivery.makeProbeDue();
        delivery.deliver(batch(4, 2));
        delivery.deliver(batch(6, 2));

        assertEquals(Collections.singletonList(range(1, 3)), transport.callSequences(), "one probe, then no call");
        assertEquals(0, statistics.lost(), statistics.droppedByReason().toString());
        assertEquals(1, warningsAbout("STANTERPRISE_TOKEN"), warnings.toString());
        delivery.finish();
        assertEquals(Arrays.asList(batch(1, 3), batch(4, 2), batch(6, 2)), records(spool.file()));
    }

    /** The start-of-build check was refused the token: no call at all, not even a probe later. */
    @Test
    void aTokenRefusedAtTheStartGetsNoCallAndNoSecondWarning() throws IOException {
        ScriptedTransport transport = new ScriptedTransport().otherwise(Outcome.fail(Status.Code.UNAUTHENTICATED));
        Spool spool = spool();
        Delivery delivery = delivery(transport, spool, 3, MANY);
        delivery.tokenRefused();
        delivery.startSpooling(); // as the exporter does should its worker fail

        delivery.deliver(batch(1, 3));
        delivery.makeProbeDue();
        delivery.deliver(batch(4, 2));
        delivery.finish();

        assertEquals(Collections.emptyList(), transport.callSequences());
        assertEquals(0, warningsAbout("STANTERPRISE_TOKEN"), "the health check said it: " + warnings);
        assertEquals(Arrays.asList(batch(1, 3), batch(4, 2)), records(spool.file()));
    }

    // ---- circuit breaker

    /**
     * A collector away for longer than a batch's retries and a few probes, then back: the spool
     * goes to it and the build is live again, however many deliveries failed before.
     */
    @Test
    void aCollectorBackAfterALongOutageGetsTheSpoolAndTheRestOfTheBuildLive() {
        ScriptedTransport transport = new ScriptedTransport().then(8, Outcome.fail(Status.Code.UNAVAILABLE));
        Spool spool = spool();
        Delivery delivery = delivery(transport, spool, 3, 5);

        delivery.deliver(batch(1, 2));
        assertEquals(4, transport.calls.size(), "a call and three retries");
        for (long first = 3; first <= 9; first += 2) {
            delivery.makeProbeDue();
            delivery.deliver(batch(first, 2));
        }
        assertEquals(8, transport.calls.size(), "one call per probe, no retries");
        assertEquals(Delivery.State.SPOOLING, delivery.state());
        assertEquals(1, warningsAbout("5 deliveries in a row"), warnings.toString());

        delivery.makeProbeDue();
        delivery.deliver(batch(11, 2));
        delivery.deliver(batch(13, 2));

        assertEquals(Delivery.State.LIVE, delivery.state());
        assertEquals(range(1, 14), transport.heldSequences(), "each event once, in order");
        assertEquals(0, statistics.spooled());
        delivery.finish();
        assertFalse(Files.exists(spool.file()));
        assertEquals(14, accountedFor());
    }

    @Test
    void anOpenBreakerOffersTheSpoolEvery30SecondsAndASuccessClosesIt() {
        ScriptedTransport transport = new ScriptedTransport().then(2, Outcome.fail(Status.Code.UNAVAILABLE));
        Delivery delivery = delivery(transport, spool(), 0, 2);

        delivery.deliver(batch(1, 1));
        assertTrue(delivery.msToNextProbe() <= 2_000, "closed: every 2 s");
        delivery.makeProbeDue();
        delivery.deliver(batch(2, 1));
        assertTrue(delivery.msToNextProbe() > 20_000, "open: every 30 s, " + delivery.msToNextProbe() + " ms");
        delivery.deliver(batch(3, 1));
        assertEquals(2, transport.calls.size(), "no call before the next probe");

        delivery.makeProbeDue();
        delivery.deliver(batch(4, 1));
        assertEquals(Delivery.State.LIVE, delivery.state());
        assertEquals(range(1, 4), transport.heldSequences());

        transport.then(Outcome.fail(Status.Code.UNAVAILABLE));
        delivery.deliver(batch(5, 1));
        assertTrue(delivery.msToNextProbe() <= 2_000, "closed again: one failure is not two in a row");
    }

    @Test
    void theEndOfTheBuildMakesOneCallWhenTheBreakerIsOpen() throws IOException {
        ScriptedTransport transport = new ScriptedTransport().otherwise(Outcome.fail(Status.Code.UNAVAILABLE));
        Spool spool = spool();
        Delivery delivery = delivery(transport, spool, 3, 1);
        delivery.deliver(batch(1, 2));
        assertEquals(4, transport.calls.size());

        delivery.finish();

        assertEquals(5, transport.calls.size(), "one try, no retries");
        assertEquals(Collections.singletonList(batch(1, 2)), records(spool.file()));
        assertEquals(2, accountedFor());
    }

    /**
     * Nowhere to spool (the spool cannot be written, or there is none) and a collector away: a
     * probe is one call, the batch that is due, not a delivery with every retry each time.
     */
    @Test
    void withNothingInTheSpoolTheBatchIsTheProbeInOneCall() {
        ScriptedTransport transport = new ScriptedTransport().otherwise(Outcome.fail(Status.Code.UNAVAILABLE));
        Delivery delivery = delivery(transport, null, 3, MANY);
        delivery.deliver(batch(1, 2));
        assertEquals(4, transport.calls.size(), "a call and three retries");

        delivery.makeProbeDue();
        delivery.deliver(batch(3, 2));

        assertEquals(5, transport.calls.size(), "the probe: one call");
        assertEquals(Delivery.State.SPOOLING, delivery.state());
        assertEquals(4, statistics.lost());
    }

    /**
     * A probe and the build's last drain each first ask the channel to connect at once: while
     * gRPC waits out its reconnect backoff it fails calls without trying (CollectorChannelTest).
     */
    @Test
    void aProbeAndTheLastDrainReconnectFirst() {
        ScriptedTransport transport = new ScriptedTransport().then(2, Outcome.fail(Status.Code.UNAVAILABLE));
        Delivery delivery = delivery(transport, spool(), 0, MANY);
        delivery.deliver(batch(1, 2));
        assertEquals(0, transport.reconnects, "a live delivery does not");

        delivery.makeProbeDue();
        delivery.deliver(batch(3, 2));
        assertEquals(1, transport.reconnects);
        delivery.finish();

        assertEquals(2, transport.reconnects);
        assertEquals(range(1, 4), transport.heldSequences());
    }

    /**
     * Back after an outage, the collector gets what was spooled a flush interval at a time in
     * batches of up to batchSize events, not a call per spooled record; a call that takes part
     * of such a batch leaves the rest waiting across the records, each event once, in order.
     */
    @Test
    void theSpoolGoesBackInBatchesOfUpToBatchSizeAcrossItsRecords() throws IOException {
        ScriptedTransport transport = new ScriptedTransport().then(Outcome.fail(Status.Code.UNAVAILABLE))
                .then(Outcome.fail(Status.Code.UNAVAILABLE, 2, 2));
        Spool spool = spool();
        Delivery delivery = delivery(transport, spool, 0, MANY, 5);
        delivery.deliver(batch(1, 2));
        delivery.deliver(batch(3, 2));
        delivery.deliver(batch(5, 2));
        delivery.deliver(batch(7, 3));

        delivery.makeProbeDue();
        delivery.deliver(batch(10, 1));
        assertEquals(Arrays.asList(range(1, 2), range(1, 4)), transport.callSequences(),
                "the probe: two records in one batch, a third would pass 5 events");
        assertEquals(range(1, 2), transport.heldSequences(), "it took the first two");

        delivery.makeProbeDue();
        delivery.deliver(batch(11, 1));

        assertEquals(Arrays.asList(range(1, 2), range(1, 4), range(3, 6), range(7, 10), range(11, 11)),
                transport.callSequences());
        assertEquals(range(1, 11), transport.heldSequences(), "each event once, in order");
        assertEquals(Delivery.State.LIVE, delivery.state());
        assertEquals(0, statistics.spooled());
        assertEquals(11, accountedFor());
    }

    /** Replay of several files to a collector that is away: once the breaker opens, one call per file. */
    @Test
    void replayMakesOneCallPerFileOnceTheBreakerHasOpened() throws IOException {
        Path first = spoolFile(batch(1, 2));
        ScriptedTransport transport = new ScriptedTransport().otherwise(Outcome.fail(Status.Code.UNAVAILABLE));
        CircuitBreaker breaker = new CircuitBreaker(1);

        new Delivery(transport, Spool.open(first), new RetryPolicy(3, 1, 2.0), breaker, CALL_TIMEOUT_MS, statistics,
                warnings::add, 1000).replay();
        assertEquals(4, transport.calls.size());
        new Delivery(transport, Spool.open(first), new RetryPolicy(3, 1, 2.0), breaker, CALL_TIMEOUT_MS, statistics,
                warnings::add, 1000).replay();

        assertEquals(5, transport.calls.size(), "one call for the second file");
        assertEquals(Collections.singletonList(batch(1, 2)), records(first));
    }

    /**
     * A stream the collector reset (CANCELLED: a gRPC server shutting down does it) may have been
     * applied: the batch goes again with the same sequences, for the collector to drop what it
     * has. Dropped, its sequences would go to later events, which the collector would then drop
     * as ones it already holds.
     */
    @Test
    void aCancelledCallIsSentAgainWithTheSameSequences() {
        ScriptedTransport transport = new ScriptedTransport().then(Outcome.fail(Status.Code.CANCELLED));
        Delivery delivery = delivery(transport, spool(), 3, MANY);

        delivery.deliver(batch(1, 3));
        delivery.deliver(batch(4, 1));

        assertEquals(Arrays.asList(range(1, 3), range(1, 3), range(4, 4)), transport.callSequences());
        assertEquals(0, statistics.lost());
        assertEquals(4, statistics.eventsDelivered());
    }

    // ---- spooling and probing

    @Test
    void aProbeAfterTheIntervalDrainsTheSpoolInOrderAndGoesLive() throws InterruptedException {
        ScriptedTransport transport = new ScriptedTransport().then(Outcome.fail(Status.Code.UNAVAILABLE));
        Spool spool = spool();
        Delivery delivery = delivery(transport, spool, 0, MANY);

        delivery.deliver(batch(1, 3));
        delivery.deliver(batch(4, 2));
        assertEquals(1, transport.calls.size(), "no call while spooling until the probe is due");
        assertEquals(Delivery.State.SPOOLING, delivery.state());
        assertEquals(5, statistics.spooled());

        Thread.sleep(PROBE_WAIT_MS);
        delivery.deliver(batch(6, 2));

        assertEquals(Arrays.asList(range(1, 3), range(1, 3), range(4, 5), range(6, 7)), transport.callSequences());
        assertEquals(range(1, 7), transport.heldSequences());
        assertEquals(Delivery.State.LIVE, delivery.state());
        assertEquals(0, statistics.spooled());
        assertEquals(7, statistics.eventsDelivered());
        delivery.finish();
        assertFalse(Files.exists(spool.file()));
    }

    @Test
    void aDueProbeDrainsTheSpoolBeforeTheNewBatch() throws IOException {
        ScriptedTransport transport = new ScriptedTransport().then(Outcome.fail(Status.Code.UNAVAILABLE));
        Spool spool = spool();
        Delivery delivery = delivery(transport, spool, 0, MANY);
        delivery.deliver(batch(1, 3));
        delivery.deliver(batch(4, 2));
        assertTrue(spool.hasRecords());

        delivery.makeProbeDue();
        delivery.deliver(batch(6, 2));

        assertEquals(range(1, 7), transport.heldSequences());
        assertEquals(Delivery.State.LIVE, delivery.state());
        assertEquals(0, statistics.spooled());
        assertFalse(spool.hasRecords());
        assertEquals(7, accountedFor());
    }

    /**
     * The start-of-build check has just found no collector: the first batches are spooled without
     * a call (a probe at once would find the spool empty, go live and wait out every retry), and
     * the first probe comes after the probe interval.
     */
    @Test
    void spoolingFromTheOutsetProbesOnlyAfterTheIntervalAndThenGoesLive() throws InterruptedException {
        ScriptedTransport transport = new ScriptedTransport();
        Spool spool = spool();
        Delivery delivery = delivery(transport, spool, 3, MANY);
        delivery.startSpooling();
        assertEquals(Delivery.State.SPOOLING, delivery.state());

        delivery.deliver(batch(1, 3));
        delivery.deliver(batch(4, 2));

        assertEquals(0, transport.calls.size(), "no call before the probe interval has passed");
        assertEquals(Delivery.State.SPOOLING, delivery.state());
        assertEquals(5, statistics.spooled());

        Thread.sleep(PROBE_WAIT_MS);
        delivery.deliver(batch(6, 2));

        assertEquals(Delivery.State.LIVE, delivery.state());
        assertEquals(Arrays.asList(range(1, 3), range(4, 5), range(6, 7)), transport.callSequences());
        assertEquals(range(1, 7), transport.heldSequences());
        delivery.finish();
        assertFalse(Files.exists(spool.file()));
    }

    @Test
    void aProbeThatGetsPartWayResumesWhereItStopped() {
        ScriptedTransport transport = new ScriptedTransport()
                .then(Outcome.fail(Status.Code.UNAVAILABLE))
                .then(Outcome.fail(Status.Code.UNAVAILABLE, 2, 3));
        Spool spool = spool();
        Delivery delivery = delivery(transport, spool, 0, MANY);
        delivery.deliver(batch(1, 5));
        delivery.deliver(batch(6, 2));

        delivery.makeProbeDue();
        delivery.deliver(batch(8, 2));
        assertEquals(Delivery.State.SPOOLING, delivery.state(), "the probe failed after two events");
        assertEquals(Arrays.asList(1L, 2L), transport.heldSequences());
        assertEquals(7, statistics.spooled());

        delivery.makeProbeDue();
        delivery.deliver(batch(10, 2));

        assertEquals(Arrays.asList(range(1, 5), range(1, 5), range(3, 5), range(6, 7), range(8, 9), range(10, 11)),
                transport.callSequences());
        assertEquals(range(1, 11), transport.heldSequences(), "each event once, in order");
        assertEquals(Delivery.State.LIVE, delivery.state());
        assertEquals(0, statistics.spooled());
        assertEquals(11, statistics.eventsDelivered());
        assertEquals(11, accountedFor());
    }

    @Test
    void aFailedProbeKeepsNewBatchesBehindTheSpooledOnes() throws IOException {
        ScriptedTransport transport = new ScriptedTransport().otherwise(Outcome.fail(Status.Code.UNAVAILABLE));
        Spool spool = spool();
        Delivery delivery = delivery(transport, spool, 0, MANY);
        delivery.deliver(batch(1, 2));

        delivery.makeProbeDue();
        delivery.deliver(batch(3, 2));
        delivery.deliver(batch(5, 2));

        assertEquals(Arrays.asList(range(1, 2), range(1, 2)), transport.callSequences(),
                "one probe, then nothing until the next is due");
        assertEquals(Delivery.State.SPOOLING, delivery.state());
        delivery.finish();
        assertEquals(Arrays.asList(batch(1, 2), batch(3, 2), batch(5, 2)), records(spool.file()));
    }

    @Test
    void aSpoolThatIsFullCountsTheDropsAndWarnsOnce() throws IOException {
        ScriptedTransport transport = new ScriptedTransport().otherwise(Outcome.fail(Status.Code.UNAVAILABLE));
        EncodedEventBatch first = batch(1, 3);
        Spool spool = Spool.forBuild(directory, SOURCE_ID, 5 + 8 + first.getSerializedSize());
        Delivery delivery = delivery(transport, spool, 0, MANY);

        delivery.deliver(first);
        delivery.deliver(batch(4, 2));
        delivery.deliver(batch(6, 4));

        assertEquals(3, statistics.spooled());
        assertEquals(Collections.singletonMap("spool full", 6L), statistics.droppedByReason());
        assertEquals(1, warningsAbout("is full"), warnings.toString());
        assertEquals(9, accountedFor());
        delivery.finish();
        assertEquals(Collections.singletonList(first), records(spool.file()), "the oldest events are kept");
    }

    /** The warning names the parameter that puts the spool somewhere else. */
    @Test
    void aSpoolThatCannotBeWrittenCountsTheDropsAndSaysWhichParameterMovesIt() throws IOException {
        ScriptedTransport transport = new ScriptedTransport().otherwise(Outcome.fail(Status.Code.UNAVAILABLE));
        Path notADirectory = Files.createFile(directory.resolve("not-a-directory"));
        Delivery delivery = delivery(transport, Spool.forBuild(notADirectory, SOURCE_ID, Long.MAX_VALUE), 0, MANY);

        delivery.deliver(batch(1, 3));
        delivery.deliver(batch(4, 2));

        assertEquals(Collections.singletonMap("spool not writable", 5L), statistics.droppedByReason());
        assertEquals(1, warningsAbout("cannot write the spool"), warnings.toString());
        String warning = warnings.get(warnings.size() - 1);
        for (String fix : new String[] {"spoolDirectory", "-Dstanterprise.spoolDirectory", notADirectory.toString()}) {
            assertTrue(warning.contains(fix), "names " + fix + ": " + warning);
        }
    }

    @Test
    void afterTheDeadlineBatchesAreSpooledWithoutACall() throws IOException {
        ScriptedTransport transport = new ScriptedTransport();
        Spool spool = spool();
        Delivery delivery = delivery(transport, spool, 3, MANY);

        delivery.deadline(System.nanoTime() - 1);
        delivery.deliver(batch(1, 2));
        delivery.deliver(batch(3, 2));

        assertEquals(0, transport.calls.size());
        assertEquals(4, statistics.spooled());
        delivery.finish();
        assertEquals(0, transport.calls.size());
        assertEquals(Arrays.asList(batch(1, 2), batch(3, 2)), records(spool.file()));
    }

    // ---- finish

    @Test
    void finishKeepsWhatTheCollectorDidNotTake() throws IOException {
        ScriptedTransport transport = new ScriptedTransport().otherwise(Outcome.fail(Status.Code.UNAVAILABLE));
        Spool spool = spool();
        Delivery delivery = delivery(transport, spool, 0, MANY);
        delivery.deliver(batch(1, 2));
        delivery.deliver(batch(3, 2));

        delivery.finish();

        assertEquals(Arrays.asList(batch(1, 2), batch(3, 2)), records(spool.file()));
        assertEquals(4, Spool.countEvents(spool.file()));
        assertEquals(4, statistics.spooled());
    }

    @Test
    void finishDrainsTheSpoolWhenTheCollectorIsBackAndDeletesIt() {
        ScriptedTransport transport = new ScriptedTransport().then(Outcome.fail(Status.Code.UNAVAILABLE));
        Spool spool = spool();
        Delivery delivery = delivery(transport, spool, 0, MANY);
        delivery.deliver(batch(1, 2));
        delivery.deliver(batch(3, 2));

        delivery.finish();

        assertEquals(range(1, 4), transport.heldSequences());
        assertEquals(0, statistics.spooled());
        assertEquals(Delivery.State.LIVE, delivery.state());
        assertFalse(Files.exists(spool.file()));
    }

    @Test
    void finishAfterTheDeadlineOnlyClosesTheSpool() throws IOException {
        ScriptedTransport transport = new ScriptedTransport().then(Outcome.fail(Status.Code.UNAVAILABLE));
        Spool spool = spool();
        Delivery delivery = delivery(transport, spool, 0, MANY);
        delivery.deliver(batch(1, 2));

        delivery.deadline(System.nanoTime() - 1);
        delivery.finish();

        assertEquals(1, transport.calls.size());
        assertEquals(Collections.singletonList(batch(1, 2)), records(spool.file()));
    }

    @Test
    void finishWithoutASpoolDoesNothing() {
        Delivery delivery = delivery(new ScriptedTransport(), null, 0, MANY);

        assertDoesNotThrow(delivery::finish);
    }

    // ---- no spool

    @Test
    void withoutASpoolWhatCannotBeDeliveredIsCountedAsDropped() {
        ScriptedTransport transport = new ScriptedTransport().otherwise(Outcome.fail(Status.Code.UNAVAILABLE));
        Delivery delivery = delivery(transport, null, 0, MANY);

        delivery.deliver(batch(1, 2));
        delivery.deliver(batch(3, 3));

        assertEquals(Collections.singletonMap("no spool", 5L), statistics.droppedByReason());
        assertEquals(1, warningsAbout("cannot be kept"), warnings.toString());
        assertEquals(5, accountedFor());
    }

    /**
     * A Delivery without a spool (the constructor allows it: toSpool counts "no spool" drops and
     * finish skips the spool) must survive its own probe: once the probe is due the next batch
     * must not throw, or the exporter's worker thread dies and later events are lost silently.
     */
    @Test
    void withoutASpoolADueProbeDoesNotThrow() {
        ScriptedTransport transport = new ScriptedTransport().then(Outcome.fail(Status.Code.UNAVAILABLE));
        Delivery delivery = delivery(transport, null, 0, MANY);
        delivery.deliver(batch(1, 2));
        assertEquals(Delivery.State.SPOOLING, delivery.state());

        delivery.makeProbeDue();
        assertDoesNotThrow(() -> delivery.deliver(batch(3, 2)));

        assertEquals(range(1, 2), transport.heldSequences(), "3 and 4, after the dropped 1 and 2");
        assertEquals(4, accountedFor());
    }

    // ---- dropped events leave no gap at the collector (WIRE.md 2: no gaps per source)

    private TestCollector collector() throws IOException {
        TestCollector collector = TestCollector.start();
        cleanup.add(collector);
        return collector;
    }

    /** The build's transport to the real collector: what GrpcBatchTransport makes of its answers. */
    private EventTransport batchTransport(TestCollector collector) throws IOException {
        EventTransport transport = new GrpcBatchTransport(new CollectorChannel(Endpoint.parse(collector.endpoint())),
                new CallLatency(), info -> { });
        cleanup.add(transport);
        return transport;
    }

    /** The test ids the collector applied, in order: which of the run's events it has. */
    private static List<String> appliedTestIds(TestCollector collector) {
        return collector.events().stream().map(event -> event.getTestBegin().getTestCase().getId())
                .collect(Collectors.toList());
    }

    private static List<String> testIds(long first, long last) {
        return LongStream.rangeClosed(first, last).mapToObj(sequence -> "test-case-" + sequence)
                .collect(Collectors.toList());
    }

    @SafeVarargs
    private static <T> List<T> concat(List<T>... lists) {
        List<T> all = new ArrayList<>();
        for (List<T> list : lists) {
            all.addAll(list);
        }
        return all;
    }

    /**
     * An event larger than the collector's 4 MiB limit goes alone in its batch (a batch takes at
     * least one event): it is dropped and counted, and what follows is taken without a gap.
     */
    @Test
    void anEventOverTheCollectorsLimitIsDroppedAndWhatFollowsIsTaken() throws IOException {
        TestCollector collector = collector();
        Delivery delivery = delivery(batchTransport(collector), spool(), 3, MANY);
        delivery.deliver(batch(1, 2));
        char[] text = new char[CollectorChannel.MAX_MESSAGE_BYTES];
        Arrays.fill(text, 'x');
        delivery.deliver(EncodedEventBatch.newBuilder().setRunId(RUN_ID).setSourceId(SOURCE_ID)
                .addEvents(encoded(Event.newBuilder().setSequence(3)
                        .setStdOutput(StdOutputEventRequest.newBuilder().setTestId("test-case-1").setRunId(RUN_ID)
                                .setMessage(new String(text)))
                        .build()))
                .build());
        delivery.deliver(batch(4, 2));
        delivery.finish();

        assertEquals(Collections.singletonMap("larger than the collector's 4 MiB message limit", 1L),
                statistics.droppedByReason());
        assertEquals(0, statistics.spooled());
        assertEquals(Delivery.State.LIVE, delivery.state());
        assertEquals(4, collector.acknowledgedThrough(SOURCE_ID));
        assertEquals(concat(testIds(1, 2), testIds(4, 5)), appliedTestIds(collector));
        assertEquals(1, warnings.size(), warnings.toString());
    }

    /** INVALID_ARGUMENT is permanent: the batch is dropped. */
    @Test
    void afterABatchTheCollectorRefusedTheNextOnesAreTakenWithoutAGap() throws IOException {
        TestCollector collector = collector();
        Spool spool = spool();
        Delivery delivery = delivery(batchTransport(collector), spool, 3, MANY);
        delivery.deliver(batch(1, 3));

        collector.failNextCalls(1, Status.Code.INVALID_ARGUMENT);
        delivery.deliver(batch(4, 3));
        delivery.deliver(batch(7, 3));
        delivery.deliver(batch(10, 3));

        assertEquals(Collections.singletonMap("INVALID_ARGUMENT", 3L), statistics.droppedByReason());
        assertEquals(Delivery.State.LIVE, delivery.state());
        assertEquals(0, statistics.spooled());
        assertEquals(9, collector.acknowledgedThrough(SOURCE_ID));
        assertEquals(concat(testIds(1, 3), testIds(7, 12)), appliedTestIds(collector));
        assertEquals(range(1, 9), collector.events().stream().map(Event::getSequence).collect(Collectors.toList()));
        assertEquals(12, accountedFor());
        delivery.finish();
        assertFalse(Files.exists(spool.file()));
    }

    @Test
    void afterASpoolFullDropTheSpooledAndTheLaterEventsAreTakenWithoutAGap() throws IOException {
        TestCollector collector = collector();
        EncodedEventBatch first = batch(4, 3);
        Spool spool = Spool.forBuild(directory, SOURCE_ID, 5 + 8 + first.getSerializedSize());
        Delivery delivery = delivery(batchTransport(collector), spool, 0, MANY);
        delivery.deliver(batch(1, 3));

        collector.failNextCalls(MANY, Status.Code.UNAVAILABLE);
        delivery.deliver(first);
        delivery.deliver(batch(7, 3));
        assertEquals(Collections.singletonMap("spool full", 3L), statistics.droppedByReason());
        collector.failNextCalls(0, Status.Code.UNAVAILABLE);
        delivery.makeProbeDue();
        delivery.deliver(batch(10, 3));

        assertEquals(Delivery.State.LIVE, delivery.state());
        assertEquals(9, collector.acknowledgedThrough(SOURCE_ID));
        assertEquals(concat(testIds(1, 6), testIds(10, 12)), appliedTestIds(collector));
        assertEquals(12, accountedFor());
    }

    @Test
    void afterTheCollectorRefusedTheSpoolsHeadTheRestIsTakenWithoutAGap() throws IOException {
        TestCollector collector = collector();
        Spool spool = spool();
        Delivery delivery = delivery(batchTransport(collector), spool, 0, MANY);
        delivery.deliver(batch(1, 3));

        collector.failNextCalls(1, Status.Code.UNAVAILABLE);
        delivery.deliver(batch(4, 3));
        delivery.deliver(batch(7, 3));
        assertEquals(6, statistics.spooled());
        collector.failNextCalls(1, Status.Code.INVALID_ARGUMENT);
        delivery.makeProbeDue();
        delivery.deliver(batch(10, 3));

        assertEquals(Collections.singletonMap("INVALID_ARGUMENT", 3L), statistics.droppedByReason());
        assertEquals(Delivery.State.LIVE, delivery.state());
        assertEquals(9, collector.acknowledgedThrough(SOURCE_ID));
        assertEquals(concat(testIds(1, 3), testIds(7, 12)), appliedTestIds(collector));
        delivery.finish();
        assertFalse(Files.exists(spool.file()));
    }

    /** stanterprise:replay runs in another process, which knows nothing of the build's drops. */
    @Test
    void aSpoolLeftAfterDropsIsKeptNumberedAsTheCollectorMustSeeItAndReplaysWithoutAGap() throws IOException {
        TestCollector collector = collector();
        Spool spool = spool();
        Delivery build = delivery(batchTransport(collector), spool, 0, MANY);
        build.deliver(batch(1, 3));
        collector.failNextCalls(1, Status.Code.INVALID_ARGUMENT);
        build.deliver(batch(4, 3));
        collector.failNextCalls(MANY, Status.Code.UNAVAILABLE);
        build.deliver(batch(7, 3));
        build.deliver(batch(10, 3));
        build.deadline(System.nanoTime() - 1);
        build.finish();
        collector.failNextCalls(0, Status.Code.UNAVAILABLE);

        List<EncodedEventBatch> left = records(spool.file());
        assertEquals(Arrays.asList(range(4, 6), range(7, 9)),
                left.stream().map(DeliveryTest::sequences).collect(Collectors.toList()));
        assertEquals(Arrays.asList(batch(7, 3).getEvents(0).getTestBegin(), batch(10, 3).getEvents(2).getTestBegin()),
                Arrays.asList(left.get(0).getEvents(0).getTestBegin(), left.get(1).getEvents(2).getTestBegin()),
                "only the sequences change");

        Delivery replay = delivery(batchTransport(collector), Spool.open(spool.file()), 0, MANY);
        assertTrue(replay.replay());

        assertEquals(9, collector.acknowledgedThrough(SOURCE_ID));
        assertEquals(concat(testIds(1, 3), testIds(7, 12)), appliedTestIds(collector));
        assertFalse(Files.exists(spool.file()));
    }

    // ---- replay

    @Test
    void replayDeliversEverySpooledBatchInOrderAndDeletesTheFile() throws IOException {
        List<EncodedEventBatch> spooled = Arrays.asList(batch(1, 3), batch(4, 2), batch(6, 4));
        Path file = spoolFile(spooled.toArray(new EncodedEventBatch[0]));
        ScriptedTransport transport = new ScriptedTransport();
        Delivery delivery = delivery(transport, Spool.open(file), 3, MANY);

        assertTrue(delivery.replay());

        assertEquals(spooled, transport.calls, "the same run id, source id and sequences");
        assertEquals(range(1, 9), transport.heldSequences());
        assertEquals(9, statistics.eventsDelivered());
        assertEquals(3, statistics.calls());
        assertFalse(Files.exists(file));
        assertEquals(Collections.emptyList(), Spool.files(directory));
        assertEquals(Collections.emptyList(), warnings);
    }

    @Test
    void replayAgainstACollectorThatFailsKeepsTheRestOnDisk() throws IOException {
        Path file = spoolFile(batch(1, 3), batch(4, 2), batch(6, 4), batch(10, 1));
        ScriptedTransport transport = new ScriptedTransport()
                .then(2, Outcome.deliver())
                .otherwise(Outcome.fail(Status.Code.UNAVAILABLE));
        Delivery delivery = delivery(transport, Spool.open(file), 1, MANY);

        assertFalse(delivery.replay());

        assertEquals(range(1, 5), transport.heldSequences());
        assertTrue(Files.exists(file));
        assertEquals(5, Spool.countEvents(file));
        assertEquals(Arrays.asList(batch(6, 4), batch(10, 1)), records(file));
        assertEquals(Collections.singletonList(file), Spool.files(directory));
    }

    @Test
    void replayThatGetsPartWayIntoABatchKeepsOnlyItsUnacknowledgedEvents() throws IOException {
        Path file = spoolFile(batch(1, 2), batch(3, 5), batch(8, 2));
        ScriptedTransport transport = new ScriptedTransport()
                .then(Outcome.deliver())
                .then(Outcome.fail(Status.Code.UNAVAILABLE, 2, 3))
                .otherwise(Outcome.fail(Status.Code.UNAVAILABLE));
        Delivery delivery = delivery(transport, Spool.open(file), 0, MANY);

        assertFalse(delivery.replay());

        assertEquals(range(1, 4), transport.heldSequences());
        List<EncodedEventBatch> left = records(file);
        assertEquals(2, left.size());
        assertEquals(range(5, 7), sequences(left.get(0)));
        assertEquals(RUN_ID, left.get(0).getRunId());
        assertEquals(SOURCE_ID, left.get(0).getSourceId());
        assertEquals(batch(8, 2), left.get(1));
        assertEquals(5, Spool.countEvents(file));
    }

    @Test
    void replaySkipsADamagedTailAndSaysSo() throws IOException {
        Path file = spoolFile(batch(1, 3), batch(4, 2), batch(6, 4));
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.setLength(raw.length() - 4);
        }
        ScriptedTransport transport = new ScriptedTransport();
        Delivery delivery = delivery(transport, Spool.open(file), 0, MANY);

        assertTrue(delivery.replay(), "what could be read was delivered");

        assertEquals(range(1, 5), transport.heldSequences());
        assertFalse(Files.exists(file));
        assertEquals(1, warningsAbout("damaged bytes"), warnings.toString());
    }

    @Test
    void replayDropsWhatTheCollectorRefusesAndDeliversTheRest() throws IOException {
        Path file = spoolFile(batch(1, 3), batch(4, 2));
        ScriptedTransport transport = new ScriptedTransport()
                .then(Outcome.fail(Status.Code.INVALID_ARGUMENT, 1, 1));
        Delivery delivery = delivery(transport, Spool.open(file), 0, MANY);

        assertTrue(delivery.replay());

        assertEquals(range(1, 4), transport.heldSequences());
        assertEquals(Arrays.asList("test-case-1", "test-case-3", "test-case-4", "test-case-5"), heldTestIds(transport));
        assertEquals(Collections.singletonMap("INVALID_ARGUMENT", 1L), statistics.droppedByReason());
        assertFalse(Files.exists(file));
    }
}
