package com.stanterprise.listener;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * The fork's one sender thread. It wakes every flush interval, or sooner when a batch is full,
 * and moves what the buffer holds to the fork channel in batches cut by count and by bytes.
 * It alone touches the channel, so a stop that comes while a batch is being written simply
 * lets that write finish and then drains the rest: nothing appended before the stop is lost.
 */
final class ForkSender implements Runnable {

    /** Opens the channel on the sender thread, so that no test thread ever waits for a connect. */
    interface ChannelOpener {
        ForkChannel open() throws IOException;
    }

    private final EventBuffer buffer;
    private final ChannelOpener opener;
    private final long intervalNanos;
    private final int batchSize;
    private final int maxBatchBytes;
    private final Thread thread;
    private final Object progress = new Object();

    private volatile boolean stopping;
    private volatile LongSupplier outputsTruncated = () -> 0;
    private volatile LongSupplier textsTruncated = () -> 0;
    /** Guarded by {@code progress}. */
    private long sent;
    private long undeliverable;
    private long reportedDropped;

    ForkSender(EventBuffer buffer, ChannelOpener opener, long intervalMs, int batchSize, int maxBatchBytes) {
        this.buffer = buffer;
        this.opener = opener;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMs);
        this.batchSize = batchSize;
        this.maxBatchBytes = maxBatchBytes;
        this.thread = new Thread(this, "stanterprise-fork-sender");
        this.thread.setDaemon(true);
        // The JVM's default handler prints an Error that ends the thread (OutOfMemoryError, say) to
        // the test JVM's stderr, which is the tests' and Surefire's; the listener never writes there.
        // The Maven side sees the connection end without a goodbye and says so in the build log.
        this.thread.setUncaughtExceptionHandler((thread, error) -> { });
        buffer.onFull(this::wake);
    }

    void start() {
        thread.start();
    }

    /** What the goodbye reports as cut at the per-test output limit, and as texts cut at theirs. */
    void truncations(LongSupplier outputs, LongSupplier texts) {
        this.outputsTruncated = outputs;
        this.textsTruncated = texts;
    }

    void wake() {
        LockSupport.unpark(thread);
    }

    /**
     * Writes everything appended before this call, says goodbye and closes, within
     * {@code timeoutMs}. True when the sender finished in time.
     */
    boolean stop(long timeoutMs) throws InterruptedException {
        buffer.close();
        stopping = true;
        wake();
        thread.join(timeoutMs);
        return !thread.isAlive();
    }

    long sent() {
        synchronized (progress) {
            return sent;
        }
    }

    /** Events appended but never written: the buffer was full, or the channel was gone. */
    long lost() {
        synchronized (progress) {
            return buffer.dropped() + undeliverable;
        }
    }

    @Override
    public void run() {
        ForkChannel channel = open();
        List<byte[]> batch = new ArrayList<>(batchSize);
        while (!stopping) {
            if (buffer.pending() < batchSize) {
                LockSupport.parkNanos(this, intervalNanos);
            }
            channel = sendAll(channel, batch);
        }
        // An append that raced with the stop may still be entering the buffer: let it land, so
        // that it is sent or counted, never left behind unseen.
        buffer.awaitAppends();
        channel = sendAll(channel, batch);
        if (channel != null) {
            try {
                channel.finish(sent(), lost(), outputsTruncated.getAsLong(), textsTruncated.getAsLong());
            } catch (IOException | RuntimeException e) {
                channel.abort();
            }
        }
    }

    private ForkChannel open() {
        try {
            return opener.open();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Sends all that is pending; returns the channel, or null once it has failed. */
    private ForkChannel sendAll(ForkChannel channel, List<byte[]> batch) {
        while (buffer.drainTo(batch, batchSize, maxBatchBytes) > 0) {
            boolean written = false;
            if (channel != null) {
                try {
                    long droppedNow = buffer.dropped();
                    channel.send(batch, droppedNow - reportedDropped);
                    reportedDropped = droppedNow;
                    written = true;
                } catch (IOException | RuntimeException e) {
                    channel.abort();
                    channel = null;
                }
            }
            synchronized (progress) {
                if (written) {
                    sent += batch.size();
                } else {
                    undeliverable += batch.size();
                }
            }
            batch.clear();
        }
        return channel;
    }
}
