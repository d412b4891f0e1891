package com.stanterprise.maven.export;

import com.stanterprise.testsystem.v1.observer.EventBatch;

/** Takes batches of events, in sequence order, to where they are kept. */
public interface EventTransport extends AutoCloseable {

    /**
     * Returns once the whole batch is delivered; throws, saying how far it got, when it is not.
     * @param timeoutMs the deadline of each remote call
     * @return the remote calls it took (0 for a local sink)
     */
    int send(EventBatch batch, long timeoutMs) throws ExportException;

    /** Where events go, for the build log: "collector host:port (batches)", "file ...". */
    String destination();

    /** True when the destination is remote, so that failures are retried and spooled. */
    default boolean remote() {
        return true;
    }

    @Override
    void close();
}
