package com.stanterprise.listener;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static com.stanterprise.listener.Events.ids;
import static com.stanterprise.listener.Events.numbered;
import static com.stanterprise.listener.Events.testBegin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventBufferTest {

    /** Every "t1".."t9" event has the same size, which keeps the byte arithmetic below exact. */
    private static final int SIZE = testBegin("t1").length;

    private static EventBuffer filled(long maxBytes, int count) {
        EventBuffer buffer = new EventBuffer(maxBytes, Integer.MAX_VALUE);
        for (int i = 1; i <= count; i++) {
            assertTrue(buffer.append(testBegin("t" + i)), "t" + i + " kept");
        }
        return buffer;
    }

    @Test
    void drainTakesOldestFirstAndStopsAtMaxEvents() {
        EventBuffer buffer = filled(1 << 20, 9);
        List<byte[]> batch = new ArrayList<>();

        assertEquals(4, buffer.drainTo(batch, 4, Long.MAX_VALUE));
        assertEquals(numbered("t", 1, 4), ids(batch));
        assertEquals(5, buffer.pending());

        batch.clear();
        assertEquals(5, buffer.drainTo(batch, 100, Long.MAX_VALUE));
        assertEquals(numbered("t", 5, 9), ids(batch));
        assertEquals(0, buffer.pending());

        batch.clear();
        assertEquals(0, buffer.drainTo(batch, 100, Long.MAX_VALUE));
        assertTrue(batch.isEmpty());
    }

    @Test
    void drainStopsBeforeTheEventThatWouldPassMaxBatchBytes() {
        EventBuffer buffer = filled(1 << 20, 9);
        List<byte[]> batch = new ArrayList<>();

        assertEquals(2, buffer.drainTo(batch, 100, 2L * SIZE + SIZE / 2));
        assertEquals(Arrays.asList("t1", "t2"), ids(batch));

        batch.clear();
        assertEquals(3, buffer.drainTo(batch, 100, 3L * SIZE), "a batch may fill maxBatchBytes exactly");
        assertEquals(Arrays.asList("t3", "t4", "t5"), ids(batch));
    }

    @Test
    void drainAlwaysTakesAtLeastOneEventEvenWhenItIsLargerThanMaxBatchBytes() {
        EventBuffer buffer = filled(1 << 20, 3);
        List<byte[]> batch = new ArrayList<>();

        assertEquals(1, buffer.drainTo(batch, 100, 1));
        assertEquals(Arrays.asList("t1"), ids(batch));
        assertEquals(1, buffer.drainTo(batch, 100, 0));
        assertEquals(Arrays.asList("t1", "t2"), ids(batch));
        assertEquals(1, buffer.pending());
    }

    @Test
    void bytesFollowAppendsAndDrainsBackToZero() {
        EventBuffer buffer = new EventBuffer(1 << 20, Integer.MAX_VALUE);
        long expected = 0;
        for (int i = 1; i <= 50; i++) {
            byte[] event = testBegin("test-" + i);
            expected += event.length;
            assertTrue(buffer.append(event));
            assertEquals(expected, buffer.bytes());
        }
        List<byte[]> batch = new ArrayList<>();
        while (buffer.drainTo(batch, 7, 100) > 0) {
            batch.clear();
        }
        assertEquals(0, buffer.bytes());
        assertEquals(0, buffer.pending());
        assertEquals(50, buffer.appended());
        assertEquals(0, buffer.dropped());
    }

    @Test
    void aFullBufferRefusesAndCountsWithoutBlocking() {
        EventBuffer buffer = new EventBuffer(2L * SIZE, Integer.MAX_VALUE);

        assertTrue(buffer.append(testBegin("t1")));
        assertTrue(buffer.append(testBegin("t2")), "a buffer may fill its limit exactly");
        assertFalse(buffer.append(testBegin("t3")));
        assertFalse(buffer.append(testBegin("t4")));

        assertEquals(2, buffer.appended());
        assertEquals(2, buffer.dropped());
        assertEquals(2L * SIZE, buffer.bytes(), "a refused event leaves no bytes behind");
        assertEquals(2, buffer.pending());

        List<byte[]> batch = new ArrayList<>();
        buffer.drainTo(batch, 1, Long.MAX_VALUE);
        assertTrue(buffer.append(testBegin("t5")), "draining makes room again");
        batch.clear();
        buffer.drainTo(batch, 100, Long.MAX_VALUE);
        assertEquals(Arrays.asList("t2", "t5"), ids(batch));
    }

    @Test
    void anEventLargerThanTheWholeBufferIsRefused() {
        EventBuffer buffer = new EventBuffer(SIZE - 1, Integer.MAX_VALUE);
        assertFalse(buffer.append(testBegin("t1")));
        assertEquals(1, buffer.dropped());
        assertEquals(0, buffer.bytes());
        assertEquals(0, buffer.pending());
    }

    @Test
    void aClosedBufferRefusesButStillGivesUpWhatItHeld() {
        EventBuffer buffer = filled(1 << 20, 3);
        buffer.close();

        assertFalse(buffer.append(testBegin("t4")));
        assertFalse(buffer.append(testBegin("t5")));
        assertEquals(2, buffer.dropped());
        assertEquals(3, buffer.appended());

        List<byte[]> batch = new ArrayList<>();
        assertEquals(3, buffer.drainTo(batch, 100, Long.MAX_VALUE));
        assertEquals(numbered("t", 1, 3), ids(batch));
        assertEquals(0, buffer.bytes());
    }

    @Test
    void wakesTheSenderOnceEachTimeAFullBatchIsPending() {
        EventBuffer buffer = new EventBuffer(1 << 20, 3);
        AtomicInteger wakes = new AtomicInteger();
        buffer.onFull(wakes::incrementAndGet);

        buffer.append(testBegin("t1"));
        buffer.append(testBegin("t2"));
        assertEquals(0, wakes.get());
        buffer.append(testBegin("t3"));
        assertEquals(1, wakes.get());
        buffer.append(testBegin("t4"));
        assertEquals(1, wakes.get(), "no second wake while the first batch is still pending");

        buffer.drainTo(new ArrayList<>(), 100, Long.MAX_VALUE);
        buffer.append(testBegin("t5"));
        buffer.append(testBegin("t6"));
        buffer.append(testBegin("t7"));
        assertEquals(2, wakes.get());
    }
}
