package com.example.crashing;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/** Fills the heap; with -XX:+ExitOnOutOfMemoryError the JVM ends at the first OutOfMemoryError. */
class OutOfMemoryTest {

    @Test
    void fillsTheHeap() throws InterruptedException {
        // Longer than the fork's flush interval: this test's begin has left the JVM.
        Thread.sleep(1_000);
        List<long[]> hoard = new ArrayList<>();
        while (true) {
            hoard.add(new long[1 << 20]);
        }
    }
}
