package com.stanterprise.maven.configuration;

import java.nio.file.Path;

/**
 * The extension's configuration for one build, read and checked once, before any test runs.
 * The names, defaults and properties of the parameters live in {@link Parameters}.
 */
public final class Configuration {

    /** Null: no collector, events go to the file sink. */
    public final Endpoint endpoint;
    public final boolean enabled;
    /** Null: a random UUID is chosen for the run. */
    public final String runId;
    public final boolean enableBatching;
    public final int batchSize;
    public final long batchFlushIntervalMs;
    public final long grpcTimeoutMs;
    public final long shutdownTimeoutMs;
    public final long maxQueueBytes;
    public final long forkBufferBytes;
    public final boolean verbose;
    public final Path reportDirectory;

    Configuration(Endpoint endpoint, boolean enabled, String runId, boolean enableBatching, int batchSize,
                  long batchFlushIntervalMs, long grpcTimeoutMs, long shutdownTimeoutMs, long maxQueueBytes,
                  long forkBufferBytes, boolean verbose, Path reportDirectory) {
        this.endpoint = endpoint;
        this.enabled = enabled;
        this.runId = runId;
        this.enableBatching = enableBatching;
        this.batchSize = batchSize;
        this.batchFlushIntervalMs = batchFlushIntervalMs;
        this.grpcTimeoutMs = grpcTimeoutMs;
        this.shutdownTimeoutMs = shutdownTimeoutMs;
        this.maxQueueBytes = maxQueueBytes;
        this.forkBufferBytes = forkBufferBytes;
        this.verbose = verbose;
        this.reportDirectory = reportDirectory;
    }

    public Path eventsFile() {
        return reportDirectory.resolve("events.jsonl");
    }
}
