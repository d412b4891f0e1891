package com.stanterprise.maven.export;

import io.grpc.Status;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which failures are worth another call, and how long to wait before it: exponential backoff
 * with jitter, so that many builds that lost the same collector do not come back in step.
 */
public final class RetryPolicy {

    /**
     * Transient for the observer: INTERNAL is how it reports a failed publish to its queue. The
     * observer itself never answers UNKNOWN; a proxy in front of it does, as gRPC reports an HTTP
     * status it has no code for, a 500 among them. Retrying such a one that lasts costs retries
     * and a place in the spool, while not retrying drops the events. CANCELLED is a stream the
     * server or a proxy reset (a collector shutting down does): it may have applied the batch
     * already, so the batch is sent again with the same sequences, never dropped and its
     * sequences given to later events.
     */
    private static final Set<Status.Code> TRANSIENT = EnumSet.of(Status.Code.UNAVAILABLE,
            Status.Code.DEADLINE_EXCEEDED, Status.Code.INTERNAL, Status.Code.ABORTED,
            Status.Code.RESOURCE_EXHAUSTED, Status.Code.UNKNOWN, Status.Code.CANCELLED);

    final int maxRetries;
    private final long initialDelayMs;
    private final double multiplier;

    public RetryPolicy(int maxRetries, long initialDelayMs, double multiplier) {
        this.maxRetries = maxRetries;
        this.initialDelayMs = initialDelayMs;
        this.multiplier = multiplier;
    }

    public static boolean isTransient(Status.Code code) {
        return TRANSIENT.contains(code);
    }

    /** The wait before retry number {@code retry} (0 for the first): between half and all of the backoff. */
    public long delayMs(int retry) {
        double backoff = initialDelayMs * Math.pow(multiplier, retry);
        long capped = (long) Math.min(backoff, 30_000);
        return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    }
}
