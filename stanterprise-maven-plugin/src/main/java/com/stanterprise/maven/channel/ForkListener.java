package com.stanterprise.maven.channel;

import com.stanterprise.testsystem.v1.observer.Event;

import java.util.List;

/** What the fork channel reports to the run, from the connection's reader thread. */
public interface ForkListener {

    void forkConnected(String forkId, String executionKey, String description);

    void forkEvents(String forkId, List<Event> events, long droppedInFork);

    /** From the fork's goodbye: tests whose output it cut at the per-test limit, and texts it cut at theirs. */
    default void forkTruncated(String forkId, long outputs, long texts) {
    }

    /** @param saidGoodbye false when the fork's JVM died, or its connection was cut */
    void forkClosed(String forkId, boolean saidGoodbye);
}
