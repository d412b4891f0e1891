package com.stanterprise.maven.export;

/**
 * Counts consecutive failed calls. Once it opens, this build stops calling the collector:
 * a collector that is down should not slow every batch of a long build with retries.
 */
public final class CircuitBreaker {

    private final int threshold;
    private int consecutiveFailures;
    private boolean open;

    public CircuitBreaker(int threshold) {
        this.threshold = threshold;
    }

    public synchronized void success() {
        consecutiveFailures = 0;
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

    public synchronized boolean isOpen() {
        return open;
    }
}
