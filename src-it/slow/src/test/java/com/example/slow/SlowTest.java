package com.example.slow;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tests that take a few seconds in all, so that a collector can go away and come back meanwhile. */
class SlowTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void takesItsTime(int step) throws InterruptedException {
        Thread.sleep(Long.getLong("slow.sleepMs", 300));
        assertTrue(step > 0);
    }
}
