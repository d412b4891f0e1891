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
    public final int maxRetries;
    public final long retryInitialDelayMs;
    public final double retryBackoffMultiplier;
    public final int circuitBreakerThreshold;
    public final Path spoolDirectory;
    public final long maxSpoolBytes;
    public final boolean failOnReportingError;
    public final long heartbeatIntervalMs;
    /** What a test's stdout and stderr may report, in bytes, before a truncation marker. */
    public final long maxOutputBytesPerTest;
    public final boolean tls;
    /** PEM certificates the collector's certificate must chain to; null: the JVM's trust store. */
    public final Path trustCertCollectionFile;
    /** The settings.xml server whose password is the token. */
    public final String serverId;
    /** Null: calls carry no {@code authorization} header. */
    public final Token token;

    Configuration(Endpoint endpoint, boolean enabled, String runId, boolean enableBatching, int batchSize,
                  long batchFlushIntervalMs, long grpcTimeoutMs, long shutdownTimeoutMs, long maxQueueBytes,
                  long forkBufferBytes, boolean verbose, Path reportDirectory, int maxRetries,
                  long retryInitialDelayMs, double retryBackoffMultiplier, int circuitBreakerThreshold,
                  Path spoolDirectory, long maxSpoolBytes, boolean failOnReportingError, long heartbeatIntervalMs,
                  boolean tls, Path trustCertCollectionFile, String serverId, Token token,
                  long maxOutputBytesPerTest) {
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
        this.maxRetries = maxRetries;
        this.retryInitialDelayMs = retryInitialDelayMs;
        this.retryBackoffMultiplier = retryBackoffMultiplier;
        this.circuitBreakerThreshold = circuitBreakerThreshold;
        this.spoolDirectory = spoolDirectory;
        this.maxSpoolBytes = maxSpoolBytes;
        this.failOnReportingError = failOnReportingError;
        this.heartbeatIntervalMs = heartbeatIntervalMs;
        this.tls = tls;
        this.trustCertCollectionFile = trustCertCollectionFile;
        this.serverId = serverId;
        this.token = token;
        this.maxOutputBytesPerTest = maxOutputBytesPerTest;
    }

    /** A token would cross the network in clear text: no TLS, and the collector is not on this machine. */
    public boolean sendsTokenInPlaintext() {
        return token != null && !tls && endpoint != null && !endpoint.isLoopback();
    }

    public Path statisticsFile() {
        return reportDirectory.resolve("stats.json");
    }

    public Path eventsFile() {
        return reportDirectory.resolve("events.jsonl");
    }
}
