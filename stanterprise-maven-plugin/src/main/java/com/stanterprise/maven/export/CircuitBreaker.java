package com.stanterprise.maven.export;

/**
 * Counts the collector's failed deliveries in a row: a batch whose retries ran out, a probe of
 * the spool that failed. Once it opens, the spool is offered to the collector less often, so that
 * a collector that stays away costs a long build few calls; the first delivery that gets through
 * closes it again, so that a collector back after an outage gets the rest of the build live.
 */
public final class CircuitBreaker {

    private final int threshold;
    private int consecutiveFailures;
    private boolean open;

    public CircuitBreaker(int threshold) {
        this.threshold = threshold;
    }

    /** A delivery got through: the count starts again, and an open breaker closes. */
    public synchronized void success() {
        consecutiveFailures = 0;
        open = false;
    }

    /** @return true when this failure opened the breaker */
    public synchronized boolean failure() {
        consecutiveFailures++;
        if (!open && consecutiveFailures >= threshold) {
            open = true;
            return true;
        }
        return false;
    }

    public int threshold() {
        return threshold;
    }

    public synchronized boolean isOpen() {
        return open;
    }
}
