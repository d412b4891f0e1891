package com.stanterprise.listener;

import java.io.IOException;
import java.util.List;

/** Where the sender thread writes batches: the aggregator in the Maven JVM. */
interface ForkChannel {

    /** @param batch events, each its {@code testsystem.v1.observer.Event} encoding */
    void send(List<byte[]> batch, long droppedSinceLastBatch) throws IOException;

    /** Says goodbye, waits a bounded time for the aggregator to take it, and closes. */
    void finish(long eventsSent, long dropped) throws IOException;

    /** {@link #finish(long, long)}, also telling how many outputs and texts the fork cut at their limits. */
    default void finish(long eventsSent, long dropped, long outputsTruncated, long textsTruncated) throws IOException {
        finish(eventsSent, dropped);
    }

    /** Closes at once, without goodbye; the aggregator then treats this fork as dead. */
    void abort();
}
