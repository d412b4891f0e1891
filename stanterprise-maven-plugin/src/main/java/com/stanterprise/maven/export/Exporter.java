package com.stanterprise.maven.export;

import com.google.protobuf.CodedOutputStream;
import com.stanterprise.aggregator.v1.EncodedEvent;
import com.stanterprise.aggregator.v1.EncodedEventBatch;
import com.stanterprise.maven.aggregation.EventSink;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.LongConsumer;

/**
 * Cuts the run's events into batches and hands them to {@link Delivery}, on one worker thread.
 * A batch is cut when it holds {@code batchSize} events, when the next event would take it past
 * the collector's message limit, or {@code flushIntervalMs} after its first event, whichever
 * comes first. The queue is bounded by bytes and {@link #accept} never blocks: the fork
 * connections wait in {@link #awaitRoom} before they hand a batch to the run, so that a full queue
 * holds the test JVMs back (their buffers are bounded too) instead of dropping events here.
 * {@link #shutdown} drains what is queued within a time limit and spools what is left.
 * Should the worker fail (a bug, an OutOfMemoryError), what it holds and what is queued go to
 * the spool, and events after that are counted as lost: every event accepted is delivered,
 * spooled or counted.
 */
public final class Exporter implements EventSink {

    /** The collector's 4 MiB limit, which applies to the batch as encoded: its fields, and each event's framing. */
    static final int MAX_BATCH_BYTES = CollectorChannel.MAX_MESSAGE_BYTES;

    /** Put on the queue by shutdown to wake the worker without interrupting a call in flight. */
    private static final EncodedEvent WAKE = EncodedEvent.getDefaultInstance();
    /** How long a fork connection sleeps between looks at a full queue. */
    private static final long WAIT_FOR_ROOM_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How many events the worker takes off the queue at once. */
    private static final int DRAIN_CHUNK = 1024;
    /** After the deadline, the worker may take this long to spool what is left. */
    private static final long SPOOL_GRACE_MS = 5_000;
    /** The reason counted for events the exporter could not take or keep once its worker failed. */
    private static final String EXPORTER_FAILED = "exporter failed";

    private final Delivery delivery;
    private final String runId;
    private final String sourceId;
    /** What a batch takes before its events: its run id and source id, as encoded. */
    private final int batchFieldsBytes;
    private final int batchSize;
    private final long flushIntervalNanos;
    private final long maxQueueBytes;
    private final ExportStatistics statistics;
    private final BiConsumer<String, Throwable> warn;
    private final LinkedBlockingQueue<EncodedEvent> queue = new LinkedBlockingQueue<>();
    /** Events the worker took off the queue and has not put in a batch yet; only the worker uses it. */
    private final ArrayDeque<EncodedEvent> taken = new ArrayDeque<>();
    /** The batch the worker is filling or delivering; only the worker uses it (and shutdown, once it has ended). */
    private final List<EncodedEvent> batch;
    private final AtomicLong queuedBytes = new AtomicLong();
    /** Events the worker holds while it delivers a batch: the batch's and those it took off the queue. */
    private final AtomicInteger sending = new AtomicInteger();
    private final Thread worker;
    private Runnable beforeFirstBatch = () -> { };
    private boolean batchesSent;
    private volatile boolean shuttingDown;
    private volatile boolean runEnded;
    /** The worker failed: it spools what is queued, and takes no more events. */
    private volatile boolean failed;

    public Exporter(Delivery delivery, String runId, String sourceId, int batchSize, long flushIntervalMs,
                    long maxQueueBytes, ExportStatistics statistics, BiConsumer<String, Throwable> warn) {
        this.delivery = delivery;
        this.runId = runId;
        this.sourceId = sourceId;
        this.batchFieldsBytes = EncodedEventBatch.newBuilder().setRunId(runId).setSourceId(sourceId).build()
                .getSerializedSize();
        this.batchSize = batchSize;
        this.flushIntervalNanos = TimeUnit.MILLISECONDS.toNanos(flushIntervalMs);
        this.maxQueueBytes = maxQueueBytes;
        this.statistics = statistics;
        this.warn = warn;
        this.batch = new ArrayList<>(Math.min(batchSize, 4096));
        this.worker = new Thread(this::work, "stanterprise-exporter");
        this.worker.setDaemon(true);
    }

    /** Runs on the worker before it hands its first batch to the delivery; call before {@link #start}. */
    public void beforeFirstBatch(Runnable task) {
        beforeFirstBatch = task;
    }

    public void start() {
        worker.start();
    }

    /**
     * Returns once the queue has room for {@code bytes}, or when the exporter no longer takes
     * events. Called by the fork connections' reader threads, outside the run's lock: while one
     * waits it reads nothing, and its fork's sender waits on the socket.
     */
    public void awaitRoom(long bytes) {
        long start = 0;
        long queued;
        // An empty queue takes any batch, one larger than the whole bound included.
        while ((queued = queuedBytes.get()) > 0 && queued > maxQueueBytes - bytes && !runEnded && !shuttingDown
                && worker.isAlive()) {
            if (start == 0) {
                start = System.nanoTime();
            }
            LockSupport.parkNanos(WAIT_FOR_ROOM_NANOS);
        }
        if (start != 0) {
            statistics.heldBack(System.nanoTime() - start);
        }
    }

    /**
     * The run has ended and takes no more events: no fork connection waits in {@link #awaitRoom}
     * from now on. Before the fork channel closes, which would otherwise wait for each one held back.
     */
    public void runEnded() {
        runEnded = true;
    }

    /**
     * Never blocks. Beyond twice {@code maxQueueBytes} the event is dropped and counted: the
     * fork connections wait for room before their batches, so only what several of them let
     * through at once takes the queue past its bound, and the second half is room for that.
     */
    @Override
    public boolean accept(EncodedEvent event) {
        if (failed) {
            statistics.drop(EXPORTER_FAILED, 1);
            return false;
        }
        long size = event.getSerializedSize();
        // Written so as not to overflow when the bound is Long.MAX_VALUE.
        if (queuedBytes.addAndGet(size) - maxQueueBytes > maxQueueBytes) {
            queuedBytes.addAndGet(-size);
            statistics.drop(ExportStatistics.QUEUE_FULL, 1);
            return false;
        }
        statistics.eventsQueued.increment();
        queue.add(event);
        return true;
    }

    /**
     * Delivers everything queued, waiting at most {@code timeoutMs}; what the collector has not
     * taken by then goes to the spool.
     * @return false when even spooling did not finish in time (the rest is counted as lost)
     */
    public boolean shutdown(long timeoutMs) throws InterruptedException {
        return shutdown(timeoutMs, Long.MAX_VALUE, pending -> { });
    }

    /**
     * As {@link #shutdown(long)}; when the drain is still under way after {@code quietMs},
     * {@code longWait} is told how many events it still holds, before the rest of the wait.
     */
    public boolean shutdown(long timeoutMs, long quietMs, LongConsumer longWait) throws InterruptedException {
        long start = System.nanoTime();
        delivery.deadline(start + TimeUnit.MILLISECONDS.toNanos(timeoutMs));
        shuttingDown = true;
        queue.add(WAKE);
        long waitMs = timeoutMs + SPOOL_GRACE_MS;
        if (quietMs < waitMs) {
            worker.join(quietMs);
            if (worker.isAlive()) {
                longWait.accept(pending());
            }
            waitMs -= TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        }
        // join(0) would wait for good.
        worker.join(Math.max(1, waitMs));
        if (worker.isAlive()) {
            // The worker is stuck in a call past every deadline: what it holds and what is still
            // queued is neither delivered nor spooled, and is counted as such.
            List<EncodedEvent> rest = new ArrayList<>();
            queue.drainTo(rest);
            rest.removeIf(event -> event == WAKE);
            statistics.drop("shutdown timeout", rest.size() + sending.get());
            return false;
        }
        // Nothing is left after a worker that ended normally; one that failed twice (spooling
        // too) leaves what it held and what was queued, counted here rather than gone silently.
        long left = batch.size() + taken.stream().filter(event -> event != WAKE).count()
                + queue.stream().filter(event -> event != WAKE).count();
        statistics.drop(EXPORTER_FAILED, left);
        return left == 0;
    }

    /**
     * The events still to deliver: those queued, those the worker holds while it delivers a
     * batch, and those waiting in the spool, which the end of the build offers too.
     */
    private long pending() {
        return queue.stream().filter(event -> event != WAKE).count() + sending.get() + statistics.spooled();
    }

    private void work() {
        try {
            try {
                batchAndDeliver();
            } catch (RuntimeException | Error e) {
                // A bug, or an Error such as an OutOfMemoryError building a batch: the worker does
                // not end with events unaccounted for. What it holds goes to the spool, and what
                // is queued; accept counts what comes after as lost.
                failed = true;
                warn.accept("Stanterprise: the exporter failed (" + e + "); the events it holds go to the spool, and"
                        + " the run's events from now on are counted as lost.", e);
                delivery.startSpooling();
                if (!batch.isEmpty()) {
                    export();
                    batch.clear();
                }
                batchAndDeliver();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error again) {
            // Failed while spooling too: shutdown counts what is left as lost.
        } finally {
            delivery.finish();
        }
    }

    /** Until shutdown, or once failed until the queue is empty: cuts batches and delivers them. */
    private void batchAndDeliver() throws InterruptedException {
        long batchBytes = 0;
        long deadline = 0;
        while (true) {
            if (batch.isEmpty()) {
                if (draining() && peek() == null) {
                    return;
                }
                if (peek() == null) {
                    awaitMore(TimeUnit.SECONDS.toNanos(1));
                    continue;
                }
                batchBytes = take(batch, batchFieldsBytes);
                deadline = System.nanoTime() + flushIntervalNanos;
            }
            boolean full = false;
            EncodedEvent next;
            while (!full && batch.size() < batchSize && (next = peek()) != null) {
                if (batchBytes + encodedSize(next) > MAX_BATCH_BYTES) {
                    full = true;
                } else {
                    batchBytes = take(batch, batchBytes);
                }
            }
            long left = deadline - System.nanoTime();
            if (!full && batch.size() < batchSize && left > 0 && !draining()) {
                awaitMore(left);
                continue;
            }
            export();
            batch.clear();
            batchBytes = 0;
        }
    }

    /** Shutting down, or failed: no batch waits for more events, and the worker ends with the queue empty. */
    private boolean draining() {
        return shuttingDown || failed;
    }

    /**
     * The next event, without waiting. The worker takes events off the queue in chunks, into
     * {@link #taken}: the queue's lock is then taken once per chunk instead of twice per event,
     * which the fork connections' threads, adding events, would otherwise contend for.
     */
    private EncodedEvent peek() {
        while (true) {
            if (taken.isEmpty() && queue.drainTo(taken, DRAIN_CHUNK) == 0) {
                return null;
            }
            EncodedEvent next = taken.peekFirst();
            if (next != WAKE) {
                return next;
            }
            taken.pollFirst();
        }
    }

    /** Waits at most {@code nanos} for one more event. */
    private void awaitMore(long nanos) throws InterruptedException {
        EncodedEvent more = queue.poll(nanos, TimeUnit.NANOSECONDS);
        if (more != null && more != WAKE) {
            taken.addLast(more);
        }
    }

    private long take(List<EncodedEvent> batch, long batchBytes) {
        EncodedEvent event = taken.pollFirst();
        queuedBytes.addAndGet(-event.getSerializedSize());
        batch.add(event);
        return batchBytes + encodedSize(event);
    }

    /**
     * What the event adds to the batch as encoded: its bytes, and before them its field's tag and
     * length. Short events (a line of output) take only tens of bytes, so with tens of thousands
     * of them in a batch the tags and lengths are well over a hundred KiB.
     */
    private static int encodedSize(EncodedEvent event) {
        return CodedOutputStream.computeMessageSize(EncodedEventBatch.EVENTS_FIELD_NUMBER, event);
    }

    private void export() {
        sending.set(batch.size() + taken.size());
        try {
            if (!batchesSent) {
                batchesSent = true;
                beforeFirstBatch.run();
            }
            delivery.deliver(EncodedEventBatch.newBuilder()
                    .setRunId(runId)
                    .setSourceId(sourceId)
                    .addAllEvents(batch)
                    .build());
        } finally {
            sending.set(0);
        }
    }
}
