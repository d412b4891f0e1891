package com.stanterprise.maven.aggregation;

import com.stanterprise.testsystem.v1.observer.Event;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static com.stanterprise.maven.Encoded.decoded;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RunSequenceTest {

    /**
     * The exporter drops events when its queue is full. The collector takes sequences without
     * gaps and refuses everything after one, so a dropped event must not use up its sequence.
     */
    @Test
    void anEventTheSinkDropsLeavesNoGapInTheSequences() {
        List<Event> kept = new ArrayList<>();
        int[] offered = {0};
        EventSink everySecondDropped = event -> ++offered[0] % 2 == 0 ? false : kept.add(decoded(event));
        Run run = new Run("run-1", "ledger", Collections.emptyMap(), everySecondDropped,
                Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

        run.executionStarted("surefire:test@default-test:ledger", "ledger (surefire:test)", "ledger");
        run.end(true);

        assertEquals(offered[0], run.events(), "events counts what the run made, dropped ones included");
        for (int i = 0; i < kept.size(); i++) {
            assertEquals(i + 1, kept.get(i).getSequence());
        }
    }
}
