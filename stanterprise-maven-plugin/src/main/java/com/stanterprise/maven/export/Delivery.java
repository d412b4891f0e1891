package com.stanterprise.maven.export;

import com.stanterprise.aggregator.v1.EncodedEvent;
import com.stanterprise.aggregator.v1.EncodedEventBatch;
import com.stanterprise.maven.configuration.Parameters;
import com.stanterprise.maven.configuration.Token;
import io.grpc.Status;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Gets each batch to the collector, or to disk: no event is lost silently.
 *
 * <ul>
 * <li>LIVE: batches go to the transport; a transient failure is retried with backoff; a
 *     permanent one drops what the collector refused, counted by reason and printed once, but for
 *     a refused token (UNAUTHENTICATED, PERMISSION_DENIED), which is STOPPED.</li>
 * <li>SPOOLING: retries ran out (or the start-of-build check found no collector). Batches go to
 *     the spool, in order; every 2 s the spool's head is offered to the collector (one call, no
 *     retries), every 30 s once the circuit breaker has opened, and once the spool is drained,
 *     delivery is LIVE again.</li>
 * <li>STOPPED: the collector refused the token, or the spool cannot be read. No more calls
 *     this build; everything is spooled.</li>
 * </ul>
 *
 * Events keep the sequences the run gave them, in memory and in the spool; what the collector
 * sees is numbered without the gaps that dropped events left ({@link SequenceGaps}), and so is
 * what the spool keeps for {@code stanterprise:replay} once it closes.
 *
 * Only the exporter's worker thread calls it, so it needs no locks of its own.
 */
public final class Delivery {

    enum State { LIVE, SPOOLING, STOPPED }

    private static final long PROBE_INTERVAL_MS = 2_000;
    /** While the breaker is open: a collector that stays away costs a build a call every 30 s. */
    static final long OPEN_BREAKER_PROBE_INTERVAL_MS = 30_000;

    private final EventTransport transport;
    private final Spool spool;
    private final RetryPolicy retry;
    private final CircuitBreaker breaker;
    private final long callTimeoutMs;
    private final ExportStatistics statistics;
    private final Consumer<String> warn;
    private final int spoolBatchEvents;
    private final Set<String> warnedReasons = ConcurrentHashMap.newKeySet();
    /** Sequences dropped after they were given out, which the collector must not wait for. */
    private final SequenceGaps dropped = new SequenceGaps();
    private State state = State.LIVE;
    private long nextProbe;
    private volatile boolean hasDeadline;
    private volatile long deadline;

    /** @param spoolBatchEvents how many spooled events at most go back in one batch: batchSize */
    public Delivery(EventTransport transport, Spool spool, RetryPolicy retry, CircuitBreaker breaker,
                    long callTimeoutMs, ExportStatistics statistics, Consumer<String> warn, int spoolBatchEvents) {
        this.transport = transport;
        this.spool = spool;
        this.retry = retry;
        this.breaker = breaker;
        this.callTimeoutMs = callTimeoutMs;
        this.statistics = statistics;
        this.warn = warn;
        this.spoolBatchEvents = spoolBatchEvents;
    }

    /**
     * The start-of-build check found no collector: spool from the outset, and probe once the
     * probe interval has passed (not at once: the check has just found no one there, and a
     * probe of an empty spool would go live and wait out every retry on the first batch).
     */
    public void startSpooling() {
        if (state == State.STOPPED) {
            return; // no more calls this build: a probe would only be refused again
        }
        state = State.SPOOLING;
        probeLater();
    }

    /**
     * The start-of-build check was refused the token: no call this build would get through,
     * and the spool keeps everything for {@code stanterprise:replay} once the token is right.
     */
    public void tokenRefused() {
        state = State.STOPPED;
        warnedReasons.add("authentication");
    }

    private void probeLater() {
        long interval = breaker.isOpen() ? OPEN_BREAKER_PROBE_INTERVAL_MS : PROBE_INTERVAL_MS;
        nextProbe = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(interval);
    }

    /** How long until the spool is offered again (tests). */
    long msToNextProbe() {
        return TimeUnit.NANOSECONDS.toMillis(nextProbe - System.nanoTime());
    }

    /** The next deliver probes, without waiting for the probe interval (tests). */
    void makeProbeDue() {
        nextProbe = System.nanoTime();
    }

    /** After this instant no call starts, and calls in flight end by it; the rest is spooled. */
    void deadline(long nanoTime) {
        deadline = nanoTime;
        hasDeadline = true;
    }

    /** The build's end has set a deadline and it has passed: no call starts any more. */
    public boolean pastDeadline() {
        return hasDeadline && deadline - System.nanoTime() <= 0;
    }

    State state() {
        return state;
    }

    void deliver(EncodedEventBatch batch) {
        if (!transport.remote()) {
            sendToLocalSink(batch);
            return;
        }
        if (batch.getEventsCount() == 1 && tooLarge(batch)) {
            // A batch holds at least one event: one this large no collector takes, and retried
            // or spooled it would sit before everything after it for good.
            drop("larger than the collector's 4 MiB message limit", batch, batch.getEventsList());
            if (warnedReasons.add("too large")) {
                warn.accept("Stanterprise: an event of " + batch.getEvents(0).getSerializedSize() + " bytes is larger"
                        + " than the collector takes in one message (4 MiB); it is dropped and counted.");
            }
            return;
        }
        int maxRetries = retry.maxRetries;
        if (state == State.SPOOLING && System.nanoTime() >= nextProbe && timeLeftMs() > 0) {
            // A probe: one call. Retries would keep the batches behind it waiting, and it comes again.
            // With nothing in the spool (none, or it could not be written) this batch is the probe.
            if (spool == null || !hasRecords()) {
                maxRetries = 0;
            }
            transport.reconnectNow(Math.min(callTimeoutMs, timeLeftMs()));
            drainSpool(0);
        }
        if (state != State.LIVE || timeLeftMs() <= 0) {
            toSpool(batch);
            return;
        }
        EncodedEventBatch rest = send(batch, maxRetries);
        if (rest != null) {
            toSpool(rest);
        }
    }

    /**
     * End of the build: one last try to empty the spool within the deadline (a single call when
     * the breaker is open: the collector has been away a while), then close it.
     */
    void finish() {
        if (spool == null) {
            return;
        }
        if (state == State.SPOOLING && timeLeftMs() > 0) {
            transport.reconnectNow(Math.min(callTimeoutMs, timeLeftMs()));
            drainSpool(breaker.isOpen() ? 0 : retry.maxRetries);
        }
        try {
            long damaged = spool.damagedBytes();
            spool.close(dropped);
            if (damaged > 0) {
                warn.accept("Stanterprise: " + damaged + " damaged bytes in " + spool.file() + " were skipped.");
            }
        } catch (IOException e) {
            warn.accept("Stanterprise: could not close the spool " + spool.file() + ": " + e.getMessage());
        }
    }

    public Spool spool() {
        return spool;
    }

    /**
     * {@code stanterprise:replay}: offers the whole spool to the collector with the same run ids
     * and sequences, and keeps on disk only what it did not acknowledge.
     * @return true when the spool was emptied
     */
    public boolean replay() throws IOException {
        state = State.SPOOLING;
        // A breaker that earlier files opened (the collector is away): one call for this file.
        drainSpool(breaker.isOpen() ? 0 : retry.maxRetries);
        boolean emptied = !spool.hasRecords();
        // One pass only: the spool keeps what the collector did not take.
        state = State.STOPPED;
        finish();
        return emptied;
    }

    /** Offers the spool's records to the collector, oldest first, until it is empty or a delivery fails. */
    private void drainSpool(int maxRetries) {
        if (spool == null) {
            state = State.LIVE;
            return;
        }
        try {
            EncodedEventBatch head;
            while ((head = spool.peekMerged(spoolBatchEvents, Exporter.MAX_BATCH_BYTES)) != null) {
                EncodedEventBatch rest = send(head, maxRetries);
                int taken = head.getEventsCount() - (rest == null ? 0 : rest.getEventsCount());
                spool.acknowledge(taken);
                statistics.unspooled.add(taken);
                if (rest != null) {
                    return;
                }
            }
            if (state == State.SPOOLING) {
                state = State.LIVE;
            }
        } catch (IOException e) {
            warn.accept("Stanterprise: could not read the spool " + spool.file() + ": " + e.getMessage());
            state = State.STOPPED;
        }
    }

    /**
     * Sends with up to {@code maxRetries} retries. Returns null when everything was delivered or
     * dropped as refused, else what is left to spool (and the state is then SPOOLING or STOPPED).
     */
    private EncodedEventBatch send(EncodedEventBatch batch, int maxRetries) {
        int retries = 0;
        while (batch.getEventsCount() > 0) {
            long timeout = Math.min(callTimeoutMs, timeLeftMs());
            if (timeout <= 0) {
                return batch;
            }
            try {
                // The deadline itself too: a transport that makes a call per event starts none after it.
                long end = hasDeadline ? deadline : EventTransport.noDeadline();
                int calls = transport.send(dropped.wire(batch), timeout, end);
                statistics.delivered(batch.getEventsCount(), calls);
                breaker.success();
                return null;
            } catch (RuntimeException e) {
                // A transport that breaks its contract: what it held is refused, never silently gone.
                drop("transport error: " + e.getClass().getSimpleName(), batch, batch.getEventsList());
                if (warnedReasons.add("transport error")) {
                    warn.accept("Stanterprise: the transport failed (" + e + "); its batch is dropped and counted.");
                }
                return null;
            } catch (ExportException e) {
                statistics.calls.add(e.calls());
                statistics.eventsDelivered.add(e.delivered());
                batch = tail(batch, e.delivered());
                if (refusedForAuthentication(e.code())) {
                    // Not these events' fault but the build's token, which the user can put right:
                    // every other call would be refused too, and replay delivers the spool later.
                    state = State.STOPPED;
                    if (warnedReasons.add("authentication")) {
                        warn.accept("Stanterprise: the collector refused the token (" + e.getMessage() + "); no more"
                                + " calls this build, " + (spool == null ? "and the rest cannot be kept (no spool)."
                                : "the rest goes to the spool " + spool.file() + ". The token is " + Token.WHERE_IT_COMES_FROM
                                + "; once it is right, mvn stanterprise:replay delivers the spool."));
                    }
                    return batch;
                }
                if (!RetryPolicy.isTransient(e.code())) {
                    // The collector answered: it is there, but will never take these events.
                    breaker.success();
                    int refused = Math.min(e.rejected(), batch.getEventsCount());
                    drop(e.code().name(), batch, batch.getEventsList().subList(0, refused));
                    if (warnedReasons.add(e.code().name())) {
                        warn.accept("Stanterprise: the collector refused events (" + e.getMessage()
                                + "); they are dropped and counted.");
                    }
                    batch = tail(batch, refused);
                    retries = 0;
                    continue;
                }
                if (retries >= maxRetries) {
                    if (state == State.LIVE) {
                        warn.accept("Stanterprise: " + e.getMessage() + " after " + retries + " retries; "
                                + (spool == null ? "the rest cannot be kept (no spool)."
                                        : "spooling to " + spool.file() + " until the collector is back."));
                    }
                    if (breaker.failure()) {
                        warn.accept("Stanterprise: the collector failed " + breaker.threshold() + " deliveries in a"
                                + " row (circuitBreakerThreshold); the spool is offered to it every "
                                + OPEN_BREAKER_PROBE_INTERVAL_MS / 1000 + " s from now on.");
                    }
                    if (state == State.LIVE) {
                        state = State.SPOOLING;
                    }
                    probeLater();
                    return batch;
                }
                sleep(Math.min(retry.delayMs(retries), timeLeftMs()));
                retries++;
                statistics.retries.increment();
            }
        }
        return null;
    }

    private boolean hasRecords() {
        try {
            return spool.hasRecords();
        } catch (IOException e) {
            return false;
        }
    }

    private void toSpool(EncodedEventBatch batch) {
        if (spool == null) {
            drop("no spool", batch, batch.getEventsList());
            return;
        }
        try {
            if (spool.append(batch)) {
                statistics.spooled.add(batch.getEventsCount());
            } else {
                drop("spool full", batch, batch.getEventsList());
                if (warnedReasons.add("spool full")) {
                    warn.accept("Stanterprise: the spool " + spool.file() + " is full (maxSpoolBytes); newer events"
                            + " are dropped and counted, the older ones are kept.");
                }
            }
        } catch (IOException e) {
            drop("spool not writable", batch, batch.getEventsList());
            if (warnedReasons.add("spool not writable")) {
                warn.accept("Stanterprise: cannot write the spool " + spool.file() + " (" + e + "); events the"
                        + " collector does not take are dropped and counted. Make " + Parameters.SPOOL_DIRECTORY
                        + " (-D" + Parameters.PREFIX + Parameters.SPOOL_DIRECTORY + ", now " + spool.file().getParent()
                        + ") a writable directory with room to spare.");
            }
        }
    }

    private static boolean refusedForAuthentication(Status.Code code) {
        return code == Status.Code.UNAUTHENTICATED || code == Status.Code.PERMISSION_DENIED;
    }

    /** Over gRPC's default inbound limit, which the observer keeps; sized only when it may be. */
    private static boolean tooLarge(EncodedEventBatch batch) {
        return batch.getEvents(0).getSerializedSize() > CollectorChannel.MAX_MESSAGE_BYTES - 1024
                && batch.getSerializedSize() > CollectorChannel.MAX_MESSAGE_BYTES;
    }

    /** Counted by reason, and their sequences left out of what the collector sees from now on. */
    private void drop(String reason, EncodedEventBatch batch, List<EncodedEvent> events) {
        statistics.drop(reason, events.size());
        // The numbers the transport saw them with, before they become a gap.
        long[] handedOver = new long[events.size()];
        for (int i = 0; i < handedOver.length; i++) {
            long sequence = events.get(i).getSequence();
            handedOver[i] = sequence - dropped.below(sequence);
        }
        dropped.add(events);
        transport.dropped(batch.getSourceId(), handedOver);
    }

    private void sendToLocalSink(EncodedEventBatch batch) {
        try {
            transport.send(batch, callTimeoutMs);
            statistics.delivered(batch.getEventsCount(), 0);
        } catch (ExportException | RuntimeException e) {
            statistics.drop("file sink: " + e.getMessage(), batch.getEventsCount());
            if (warnedReasons.add("file sink")) {
                warn.accept("Stanterprise: " + e.getMessage());
            }
        }
    }

    private long timeLeftMs() {
        if (!hasDeadline) {
            return Long.MAX_VALUE / 4;
        }
        long left = deadline - System.nanoTime();
        return left <= 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(left);
    }

    private static EncodedEventBatch tail(EncodedEventBatch batch, int from) {
        if (from <= 0) {
            return batch;
        }
        return batch.toBuilder().clearEvents()
                .addAllEvents(batch.getEventsList().subList(Math.min(from, batch.getEventsCount()), batch.getEventsCount()))
                .build();
    }

    private static void sleep(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
