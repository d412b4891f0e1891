package com.stanterprise.maven.export;

import com.stanterprise.testsystem.v1.observer.Event;

import java.util.List;

/** Takes batches of events, in sequence order, to where they are kept. */
public interface EventTransport extends AutoCloseable {

    /**
     * Returns once the batch is delivered; throws when it is not.
     * @return the remote calls it took (0 for a local sink)
     */
    int send(List<Event> batch) throws ExportException;

    /** Where events go, for the build log: "collector host:port (batch)", "file ...". */
    String destination();

    @Override
    void close();
}
