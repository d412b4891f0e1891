package com.stanterprise.maven.export;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What the exporter did in this build, for the summary line and the verbose report. */
public final class ExportStatistics {

    final LongAdder eventsQueued = new LongAdder();
    final LongAdder eventsDelivered = new LongAdder();
    final LongAdder batches = new LongAdder();
    final LongAdder calls = new LongAdder();
    final LongAdder droppedQueueFull = new LongAdder();
    final LongAdder droppedUndelivered = new LongAdder();
    final AtomicLong largestBatch = new AtomicLong();

    public long eventsQueued() {
        return eventsQueued.sum();
    }

    public long eventsDelivered() {
        return eventsDelivered.sum();
    }

    /** Batches handed to the transport. */
    public long batches() {
        return batches.sum();
    }

    /** Remote calls made (one per batch, or one per event on the v1 path). */
    public long calls() {
        return calls.sum();
    }

    public long lost() {
        return droppedQueueFull.sum() + droppedUndelivered.sum();
    }

    public long droppedQueueFull() {
        return droppedQueueFull.sum();
    }

    public long droppedUndelivered() {
        return droppedUndelivered.sum();
    }

    public long largestBatch() {
        return largestBatch.get();
    }

    public double averageBatchSize() {
        long batches = batches();
        return batches == 0 ? 0 : (double) eventsDelivered() / batches;
    }

    void delivered(int batchSize, int remoteCalls) {
        batches.increment();
        calls.add(remoteCalls);
        eventsDelivered.add(batchSize);
        largestBatch.accumulateAndGet(batchSize, Math::max);
    }
}
