package com.stanterprise.maven.export;

import com.stanterprise.aggregator.v1.EncodedEvent;
import com.stanterprise.aggregator.v1.EncodedEventBatch;

import java.util.ArrayList;
import java.util.List;

/**
 * The sequences of the events a build dropped after they were numbered, and the numbering the
 * collector sees. A collector takes a source's sequences without gaps (WIRE.md section 2) and
 * refuses everything after one, so one dropped batch would stop the stream for good. Events keep
 * their own sequences in memory and in the spool (a partial delivery's tail is taken by index);
 * on the way out each is numbered {@code sequence - dropped sequences below it}.
 *
 * <p>Kept as ranges and not as one running offset: drops do not come in sequence order (a full
 * spool drops newer events while older ones wait in it; a spool's head can be refused later).
 * Only the thread that delivers uses it.
 */
final class SequenceGaps {

    /** Disjoint {first, last} ranges in ascending order; adjacent ones are merged. Few in practice. */
    private final List<long[]> ranges = new ArrayList<>();

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** These events are dropped: the collector will never see their sequences. */
    void add(List<EncodedEvent> events) {
        for (EncodedEvent event : events) {
            add(event.getSequence());
        }
    }

    private void add(long sequence) {
        // Drops come mostly in order: search from the end.
        int i = ranges.size();
        while (i > 0 && ranges.get(i - 1)[0] > sequence) {
            i--;
        }
        long[] before = i > 0 ? ranges.get(i - 1) : null;
        long[] after = i < ranges.size() ? ranges.get(i) : null;
        if (before != null && before[1] >= sequence) {
            return;
        }
        boolean joinsBefore = before != null && before[1] + 1 == sequence;
        boolean joinsAfter = after != null && after[0] - 1 == sequence;
        if (joinsBefore && joinsAfter) {
            before[1] = after[1];
            ranges.remove(i);
        } else if (joinsBefore) {
            before[1] = sequence;
        } else if (joinsAfter) {
            after[0] = sequence;
        } else {
            ranges.add(i, new long[] {sequence, sequence});
        }
    }

    /** How many dropped sequences lie below {@code sequence}. */
    long below(long sequence) {
        long count = 0;
        for (long[] range : ranges) {
            if (range[0] >= sequence) {
                break;
            }
            count += Math.min(range[1], sequence - 1) - range[0] + 1;
        }
        return count;
    }

    /** The batch as the collector must see it: the batch itself when nothing below it was dropped. */
    EncodedEventBatch wire(EncodedEventBatch batch) {
        int count = batch.getEventsCount();
        if (ranges.isEmpty() || count == 0 || ranges.get(0)[0] > batch.getEvents(count - 1).getSequence()) {
            return batch;
        }
        EncodedEventBatch.Builder wire = batch.toBuilder();
        for (int i = 0; i < count; i++) {
            EncodedEvent event = batch.getEvents(i);
            wire.setEvents(i, event.toBuilder().setSequence(event.getSequence() - below(event.getSequence())));
        }
        return wire.build();
    }
}
