package com.stanterprise.maven.export;

import com.stanterprise.maven.aggregation.EventSink;
import com.stanterprise.testsystem.v1.observer.Event;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Cuts the run's events into batches and hands them to the transport, on one worker thread.
 * A batch is cut when it holds {@code batchSize} events or {@code flushIntervalMs} after its first
 * event, whichever comes first. The queue is bounded by bytes; {@link #accept} never blocks.
 * {@link #shutdown} drains what is queued within a time limit.
 */
public final class Exporter implements EventSink {

    private final EventTransport transport;
    private final int batchSize;
    private final long flushIntervalNanos;
    private final long maxQueueBytes;
    private final ExportStatistics statistics;
    private final Consumer<String> warn;
    /** Put on the queue by shutdown to wake the worker without interrupting a call in flight. */
    private static final Event WAKE = Event.getDefaultInstance();

    private final LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final Thread worker;
    private volatile boolean shuttingDown;
    private volatile boolean warnedFailure;

    public Exporter(EventTransport transport, int batchSize, long flushIntervalMs, long maxQueueBytes,
                    ExportStatistics statistics, Consumer<String> warn) {
        this.transport = transport;
        this.batchSize = batchSize;
        this.flushIntervalNanos = TimeUnit.MILLISECONDS.toNanos(flushIntervalMs);
        this.maxQueueBytes = maxQueueBytes;
        this.statistics = statistics;
        this.warn = warn;
        this.worker = new Thread(this::work, "stanterprise-exporter");
        this.worker.setDaemon(true);
    }

    public void start() {
        worker.start();
    }

    @Override
    public void accept(Event event) {
        long size = event.getSerializedSize();
        if (queuedBytes.addAndGet(size) > maxQueueBytes) {
            queuedBytes.addAndGet(-size);
            statistics.droppedQueueFull.increment();
            return;
        }
        statistics.eventsQueued.increment();
        queue.add(event);
    }

    /**
     * Sends everything queued, waiting at most {@code timeoutMs}, then closes the transport.
     * @return the events that could not be sent in time (counted as lost)
     */
    public long shutdown(long timeoutMs) throws InterruptedException {
        shuttingDown = true;
        queue.add(WAKE);
        worker.join(timeoutMs);
        long left = 0;
        if (worker.isAlive()) {
            // The worker is stuck in a call; what remains is not delivered.
            List<Event> rest = new ArrayList<>();
            queue.drainTo(rest);
            rest.removeIf(event -> event == WAKE);
            left = rest.size();
            statistics.droppedUndelivered.add(left);
        }
        transport.close();
        return left;
    }

    public String destination() {
        return transport.destination();
    }

    private void work() {
        List<Event> batch = new ArrayList<>(batchSize);
        long deadline = 0;
        try {
            while (true) {
                if (batch.isEmpty()) {
                    if (shuttingDown && queue.isEmpty()) {
                        return;
                    }
                    Event first = queue.poll(1, TimeUnit.SECONDS);
                    if (first == null || first == WAKE) {
                        continue;
                    }
                    take(batch, first);
                    deadline = System.nanoTime() + flushIntervalNanos;
                }
                drainInto(batch);
                long left = deadline - System.nanoTime();
                if (batch.size() < batchSize && left > 0 && !shuttingDown) {
                    Event next = queue.poll(left, TimeUnit.NANOSECONDS);
                    if (next != null && next != WAKE) {
                        take(batch, next);
                    }
                    continue;
                }
                export(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drainInto(List<Event> batch) {
        Event next;
        while (batch.size() < batchSize && (next = queue.poll()) != null) {
            if (next != WAKE) {
                take(batch, next);
            }
        }
    }

    private void take(List<Event> batch, Event event) {
        queuedBytes.addAndGet(-event.getSerializedSize());
        batch.add(event);
    }

    private void export(List<Event> batch) {
        try {
            int calls = transport.send(batch);
            statistics.delivered(batch.size(), calls);
        } catch (ExportException | RuntimeException e) {
            statistics.droppedUndelivered.add(batch.size());
            if (!warnedFailure) {
                warnedFailure = true;
                warn.accept("Stanterprise: could not deliver events to " + transport.destination() + ": "
                        + e.getMessage());
            }
        }
    }
}
