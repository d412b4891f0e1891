package com.stanterprise.maven.export;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * RPC latencies for the verbose report: a fixed-size uniform sample of all calls (reservoir
 * sampling), so that memory stays bounded however many calls a build makes.
 */
public final class CallLatency {

    private static final int SAMPLE = 16_384;

    private final long[] micros = new long[SAMPLE];
    private long seen;

    public synchronized void record(long nanos) {
        long value = nanos / 1000;
        if (seen < SAMPLE) {
            micros[(int) seen] = value;
        } else {
            long slot = ThreadLocalRandom.current().nextLong(seen + 1);
            if (slot < SAMPLE) {
                micros[(int) slot] = value;
            }
        }
        seen++;
    }

    /** The q-quantile (0..1) in milliseconds, or 0 without calls. */
    public synchronized double quantileMs(double q) {
        int n = (int) Math.min(seen, SAMPLE);
        if (n == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(micros, n);
        Arrays.sort(sorted);
        int index = (int) Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1));
        return sorted[index] / 1000.0;
    }

    public synchronized long calls() {
        return seen;
    }
}
