package com.stanterprise.maven.aggregation;

import com.stanterprise.testsystem.v1.observer.Event;

/** Where the run hands its events, in sequence order. Must not block. */
public interface EventSink {

    void accept(Event event);
}
