package com.stanterprise.maven.aggregation;

import com.stanterprise.testsystem.v1.observer.Event;

/** Where the run hands its events, in sequence order. Must not block. */
public interface EventSink {

    /** @return false when the event was dropped (and counted): its sequence is given to the next one */
    boolean accept(Event event);
}
