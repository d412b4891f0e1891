package com.stanterprise.maven.export;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What the exporter did in this build, for the summary line, the verbose report and stats.json. */
public final class ExportStatistics {

    final LongAdder eventsQueued = new LongAdder();
    final LongAdder eventsDelivered = new LongAdder();
    final LongAdder batches = new LongAdder();
    final LongAdder calls = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder spooled = new LongAdder();
    final LongAdder unspooled = new LongAdder();
    final AtomicLong largestBatch = new AtomicLong();
    final Map<String, LongAdder> dropped = new ConcurrentHashMap<>();
    final CallLatency latency = new CallLatency();
    /** Times the fork connections waited for room in the exporter's queue, and for how long. */
    final LongAdder heldBack = new LongAdder();
    final LongAdder heldBackNanos = new LongAdder();

    public long eventsQueued() {
        return eventsQueued.sum();
    }

    public long eventsDelivered() {
        return eventsDelivered.sum();
    }

    /** Batches delivered whole. */
    public long batches() {
        return batches.sum();
    }

    /** Remote calls made (one per batch, or one per event on the v1 path), failed ones included. */
    public long calls() {
        return calls.sum();
    }

    /** Calls made again after a transient failure. */
    public long retries() {
        return retries.sum();
    }

    /** Events written to the spool and not (yet) delivered from it. */
    public long spooled() {
        return spooled.sum() - unspooled.sum();
    }

    /** Events dropped, by reason (a gRPC status, "queue full", "spool full" ...). */
    public Map<String, Long> droppedByReason() {
        Map<String, Long> byReason = new TreeMap<>();
        dropped.forEach((reason, count) -> byReason.put(reason, count.sum()));
        return byReason;
    }

    public long lost() {
        return dropped.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long droppedQueueFull() {
        LongAdder count = dropped.get(QUEUE_FULL);
        return count == null ? 0 : count.sum();
    }

    public long droppedUndelivered() {
        return lost() - droppedQueueFull();
    }

    public long largestBatch() {
        return largestBatch.get();
    }

    public double averageBatchSize() {
        long batches = batches();
        return batches == 0 ? 0 : (double) eventsDelivered() / batches;
    }

    void heldBack(long nanos) {
        heldBack.increment();
        heldBackNanos.add(nanos);
    }

    public long heldBack() {
        return heldBack.sum();
    }

    public long heldBackMillis() {
        return heldBackNanos.sum() / 1_000_000;
    }

    public CallLatency latency() {
        return latency;
    }

    static final String QUEUE_FULL = "queue full";

    /** Also for events the run could not take, which never reached the exporter. */
    public void drop(String reason, long events) {
        if (events > 0) {
            dropped.computeIfAbsent(reason, r -> new LongAdder()).add(events);
        }
    }

    void delivered(int batchSize, int remoteCalls) {
        batches.increment();
        calls.add(remoteCalls);
        eventsDelivered.add(batchSize);
        largestBatch.accumulateAndGet(batchSize, Math::max);
    }
}
