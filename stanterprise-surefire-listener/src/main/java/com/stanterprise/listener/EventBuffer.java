package com.stanterprise.listener;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where test threads leave events, each its {@code testsystem.v1.observer.Event} encoding, for
 * the sender thread. Appending never blocks and never
 * waits for the sender: a lock-free queue, bounded by the bytes the events take on the wire.
 * An event that does not fit is counted as dropped, and the count travels to the aggregator.
 */
final class EventBuffer {

    private final ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong appended = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    /** Appends between their closed check and their queue insert; the sender's last drain waits for them. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final long maxBytes;
    private final int wakeAt;
    private volatile Runnable wake = () -> { };
    private volatile boolean closed;

    EventBuffer(long maxBytes, int wakeAt) {
        this.maxBytes = maxBytes;
        this.wakeAt = wakeAt;
    }

    /** Called once the sender thread exists, so that a full batch wakes it before its interval. */
    void onFull(Runnable wake) {
        this.wake = wake;
    }

    /** True when the event was kept. Never blocks. */
    boolean append(byte[] event) {
        inFlight.incrementAndGet();
        try {
            if (closed) {
                dropped.incrementAndGet();
                return false;
            }
            int size = event.length;
            if (bytes.addAndGet(size) > maxBytes) {
                bytes.addAndGet(-size);
                dropped.incrementAndGet();
                return false;
            }
            queue.add(event);
            appended.incrementAndGet();
            if (pending.incrementAndGet() == wakeAt) {
                wake.run();
            }
            return true;
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** After {@link #close}: waits until appends that passed the closed check have landed. */
    void awaitAppends() {
        while (inFlight.get() > 0) {
            Thread.yield();
        }
    }

    /**
     * Moves events, oldest first, into {@code batch} until it holds {@code maxEvents} or the next
     * event would take it past {@code maxBytes} (a batch always takes at least one event).
     */
    int drainTo(List<byte[]> batch, int maxEvents, long maxBatchBytes) {
        long batchBytes = 0;
        int taken = 0;
        byte[] next;
        while (taken < maxEvents && (next = queue.peek()) != null) {
            int size = next.length;
            if (taken > 0 && batchBytes + size > maxBatchBytes) {
                break;
            }
            queue.poll();
            batch.add(next);
            batchBytes += size;
            taken++;
            bytes.addAndGet(-size);
            pending.decrementAndGet();
        }
        return taken;
    }

    /** From now on appends are refused and counted as dropped. */
    void close() {
        closed = true;
    }

    int pending() {
        return pending.get();
    }

    long appended() {
        return appended.get();
    }

    long dropped() {
        return dropped.get();
    }

    long bytes() {
        return bytes.get();
    }
}
