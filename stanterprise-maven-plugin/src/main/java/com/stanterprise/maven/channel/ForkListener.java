package com.stanterprise.maven.channel;

import com.stanterprise.testsystem.v1.observer.Event;

import java.util.List;

/** What the fork channel reports to the run, from the connection's reader thread. */
public interface ForkListener {

    void forkConnected(String forkId, String executionKey, String description);

    void forkEvents(String forkId, List<Event> events, long droppedInFork);

    /** @param saidGoodbye false when the fork's JVM died, or its connection was cut */
    void forkClosed(String forkId, boolean saidGoodbye);
}
