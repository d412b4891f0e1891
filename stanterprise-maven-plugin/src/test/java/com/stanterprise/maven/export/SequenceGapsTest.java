package com.stanterprise.maven.export;

import com.stanterprise.aggregator.v1.EncodedEvent;
import com.stanterprise.aggregator.v1.EncodedEventBatch;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which sequences the collector sees once some were dropped. */
class SequenceGapsTest {

    private static List<EncodedEvent> events(long first, long last) {
        return LongStream.rangeClosed(first, last)
                .mapToObj(sequence -> EncodedEvent.newBuilder().setSequence(sequence).build())
                .collect(Collectors.toList());
    }

    private static EncodedEventBatch batch(long first, long last) {
        return EncodedEventBatch.newBuilder().setRunId("run-1").setSourceId("source-1")
                .addAllEvents(events(first, last)).build();
    }

    private static List<Long> sequences(EncodedEventBatch batch) {
        return batch.getEventsList().stream().map(EncodedEvent::getSequence).collect(Collectors.toList());
    }

    @Test
    void withoutDropsABatchGoesOutAsItIs() {
        SequenceGaps gaps = new SequenceGaps();
        EncodedEventBatch batch = batch(1, 5);

        assertTrue(gaps.isEmpty());
        assertSame(batch, gaps.wire(batch));
    }

    @Test
    void dropsAboveABatchLeaveItAsItIs() {
        SequenceGaps gaps = new SequenceGaps();
        gaps.add(events(7, 9));
        EncodedEventBatch batch = batch(1, 6);

        assertSame(batch, gaps.wire(batch), "no copy when nothing below it was dropped");
    }

    @Test
    void dropsInAnyOrderAreMergedAndCountedBelowEachSequence() {
        SequenceGaps gaps = new SequenceGaps();
        // A full spool drops newer events first; an older spooled batch is refused later.
        gaps.add(events(10, 12));
        gaps.add(events(4, 6));
        gaps.add(events(7, 9));
        gaps.add(events(20, 20));
        gaps.add(events(5, 5));

        assertEquals(0, gaps.below(4));
        assertEquals(2, gaps.below(6));
        assertEquals(9, gaps.below(13));
        assertEquals(9, gaps.below(20));
        assertEquals(10, gaps.below(21));
        assertEquals(Arrays.asList(1L, 2L, 3L), sequences(gaps.wire(batch(1, 3))));
        assertEquals(Arrays.asList(4L, 5L, 6L, 7L, 8L, 9L, 10L), sequences(gaps.wire(batch(13, 19))));
        assertEquals(Arrays.asList(11L, 12L), sequences(gaps.wire(batch(21, 22))));
    }

    @Test
    void theRestOfTheBatchIsKept() {
        SequenceGaps gaps = new SequenceGaps();
        gaps.add(events(2, 2));
        EncodedEventBatch batch = batch(3, 4).toBuilder()
                .setEvents(0, EncodedEvent.newBuilder().setSequence(3).setEmittedAt(
                        com.google.protobuf.ByteString.copyFromUtf8("at"))).build();

        EncodedEventBatch wire = gaps.wire(batch);

        assertEquals("run-1", wire.getRunId());
        assertEquals("source-1", wire.getSourceId());
        assertEquals(batch.getEvents(0).toBuilder().setSequence(2).build(), wire.getEvents(0));
        assertEquals(Arrays.asList(3L, 4L), sequences(batch), "the batch itself is not changed");
    }
}
