package com.stanterprise.listener;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;

/** Wall-clock instants and durations as protobuf values. */
final class Times {

    private Times() {
    }

    static long nowMicros() {
        return System.currentTimeMillis() * 1000L;
    }

    static Timestamp timestamp(long epochMicros) {
        return Timestamp.newBuilder()
                .setSeconds(Math.floorDiv(epochMicros, 1_000_000L))
                .setNanos((int) Math.floorMod(epochMicros, 1_000_000L) * 1000)
                .build();
    }

    static Duration duration(long micros) {
        long safe = Math.max(0, micros);
        return Duration.newBuilder()
                .setSeconds(safe / 1_000_000L)
                .setNanos((int) (safe % 1_000_000L) * 1000)
                .build();
    }
}
