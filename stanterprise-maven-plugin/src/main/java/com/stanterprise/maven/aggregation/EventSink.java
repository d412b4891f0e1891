package com.stanterprise.maven.aggregation;

import com.stanterprise.aggregator.v1.EncodedEvent;

/** Where the run hands its events, in sequence order. Must not block. */
public interface EventSink {

    /** @return false when the event was dropped (and counted): its sequence is given to the next one */
    boolean accept(EncodedEvent event);
}
