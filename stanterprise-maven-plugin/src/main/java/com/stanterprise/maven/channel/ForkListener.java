package com.stanterprise.maven.channel;

import com.google.protobuf.InvalidProtocolBufferException;
import com.stanterprise.aggregator.v1.EncodedEvent;

import java.util.List;

/** What the fork channel reports to the run, from the connection's reader thread. */
public interface ForkListener {

    void forkConnected(String forkId, String executionKey, String description);

    /** The fork's events as it encoded them: payloads are read only where they must be. */
    /** @throws InvalidProtocolBufferException when a payload the run reads is malformed: the connection is closed */
    void forkEvents(String forkId, List<EncodedEvent> events, long droppedInFork) throws InvalidProtocolBufferException;

    /**
     * Handing the fork's batch over failed with a bug of the extension's, not of the fork: the
     * connection goes on with the fork's next batch.
     */
    default void forkEventsFailed(String forkId, List<EncodedEvent> events, RuntimeException bug) {
    }

    /**
     * From the fork's goodbye.
     * @param droppedAfterLastBatch events the fork could not keep that no batch reported: above
     *                              all those refused once its buffer closed, while its JVM exited
     * @param outputsTruncated tests whose output it cut at the per-test limit
     * @param textsTruncated texts it cut at their limits
     */
    default void forkSaidGoodbye(String forkId, long droppedAfterLastBatch, long outputsTruncated,
                                 long textsTruncated) {
    }

    /** @param saidGoodbye false when the fork's JVM died, or its connection was cut */
    void forkClosed(String forkId, boolean saidGoodbye);
}
