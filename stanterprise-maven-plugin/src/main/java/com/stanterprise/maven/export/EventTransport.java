package com.stanterprise.maven.export;

import com.google.protobuf.InvalidProtocolBufferException;
import com.stanterprise.aggregator.v1.EncodedEventBatch;
import com.stanterprise.maven.aggregation.EncodedEvents;
import com.stanterprise.testsystem.v1.observer.EventBatch;
import io.grpc.Status;

import java.util.concurrent.TimeUnit;

/** Takes batches of events, in sequence order, to where they are kept. */
public interface EventTransport extends AutoCloseable {

    /**
     * Returns once the whole batch is delivered; throws, saying how far it got, when it is not.
     * @param timeoutMs the deadline of each remote call
     * @return the remote calls it took (0 for a local sink)
     */
    int send(EncodedEventBatch batch, long timeoutMs) throws ExportException;

    /**
     * As {@link #send(EncodedEventBatch, long)}, and over by {@code deadline} (a
     * {@link System#nanoTime()} instant, the end of the build's delivery): no call starts after
     * it and none lasts past it. What is not delivered by then is reported as any failure is, by
     * an {@link ExportException} saying how far it got (DEADLINE_EXCEEDED when the deadline
     * stopped it), so that the caller spools the rest. This default fits a transport that makes
     * one call per batch; one that makes several bounds them all itself.
     */
    default int send(EncodedEventBatch batch, long timeoutMs, long deadline) throws ExportException {
        return send(batch, Math.min(timeoutMs, millisLeft(deadline)));
    }

    /** A deadline for {@link #send(EncodedEventBatch, long, long)} that no send reaches. */
    static long noDeadline() {
        // Instants are compared by their difference, which this keeps far from overflowing.
        return System.nanoTime() + Long.MAX_VALUE / 2;
    }

    /** Whole milliseconds until {@code deadline}, 0 once it has passed. */
    static long millisLeft(long deadline) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    /**
     * The collector may be back: one connection attempt now, within {@code timeoutMs}, instead
     * of calls failing at once while the connection waits out its backoff after failed
     * attempts. Before a probe of the spool and the build's last drain, which would otherwise
     * give up on a collector that has just come back.
     */
    default void reconnectNow(long timeoutMs) {
    }

    /** Where events go, for the build log: "collector host:port (batches)", "file ...". */
    String destination();

    /** True when the destination is remote, so that failures are retried and spooled. */
    default boolean remote() {
        return true;
    }

    /**
     * Events of {@code sourceId} were dropped after they were numbered, here with the sequences
     * they had when handed over: from now on every later event comes numbered without them (one
     * less for each dropped below it, see {@link SequenceGaps}). A transport that remembers events
     * by sequence renumbers what it remembers.
     */
    default void dropped(String sourceId, long[] sequences) {
    }

    @Override
    void close();

    /**
     * The batch with its payloads read, for a destination that needs them (v1 calls, JSON).
     * A payload that does not parse (a fork's, passed on unread) refuses the whole batch.
     */
    static EventBatch decode(EncodedEventBatch batch) throws ExportException {
        try {
            return EncodedEvents.decode(batch);
        } catch (InvalidProtocolBufferException e) {
            throw new ExportException("a malformed event in the batch: " + e.getMessage(), e,
                    Status.Code.INVALID_ARGUMENT, 0, batch.getEventsCount(), 0);
        }
    }
}
