package com.stanterprise.maven.configuration;

/**
 * Names and defaults of every parameter, for the configuration reader. The goals' parameter
 * javadoc (AbstractStanterpriseMojo) repeats each name and default for the generated help;
 * ParametersDocumentedTest keeps the two, and README.md, in step.
 * A parameter is read from, first to last: the plugin's {@code <configuration>} in the pom, the
 * {@code -Dstanterprise.<name>} user property, the Java system property, the environment
 * variable where there is one, the top-level pom's {@code <properties>}, the default.
 */
public final class Parameters {

    public static final String PLUGIN_KEY = "com.stanterprise:stanterprise-maven-plugin";
    public static final String PREFIX = "stanterprise.";

    public static final String ENDPOINT = "endpoint";
    public static final String ENDPOINT_ENV = "STANTERPRISE_GRPC_ADDRESS";
    public static final String ENABLED = "enabled";
    public static final String ENABLED_ENV = "STANTERPRISE_GRPC_ENABLED";
    public static final String ENABLED_DEFAULT = "true";
    public static final String RUN_ID = "runId";
    public static final String ENABLE_BATCHING = "enableBatching";
    public static final String ENABLE_BATCHING_DEFAULT = "true";
    public static final String BATCH_SIZE = "batchSize";
    public static final String BATCH_SIZE_DEFAULT = "1000";
    public static final String BATCH_FLUSH_INTERVAL_MS = "batchFlushIntervalMs";
    public static final String BATCH_FLUSH_INTERVAL_MS_DEFAULT = "100";
    public static final String GRPC_TIMEOUT_MS = "grpcTimeoutMs";
    public static final String GRPC_TIMEOUT_MS_DEFAULT = "5000";
    public static final String SHUTDOWN_TIMEOUT_MS = "shutdownTimeoutMs";
    public static final String SHUTDOWN_TIMEOUT_MS_DEFAULT = "10000";
    public static final String MAX_QUEUE_BYTES = "maxQueueBytes";
    public static final String MAX_QUEUE_BYTES_DEFAULT = "67108864";
    public static final String FORK_BUFFER_BYTES = "forkBufferBytes";
    public static final String FORK_BUFFER_BYTES_DEFAULT = "16777216";
    public static final String VERBOSE = "verbose";
    public static final String VERBOSE_DEFAULT = "false";
    public static final String REPORT_DIRECTORY = "reportDirectory";
    public static final String MAX_RETRIES = "maxRetries";
    public static final String MAX_RETRIES_DEFAULT = "3";
    public static final String RETRY_INITIAL_DELAY_MS = "retryInitialDelayMs";
    public static final String RETRY_INITIAL_DELAY_MS_DEFAULT = "100";
    public static final String RETRY_BACKOFF_MULTIPLIER = "retryBackoffMultiplier";
    public static final String RETRY_BACKOFF_MULTIPLIER_DEFAULT = "2.0";
    public static final String CIRCUIT_BREAKER_THRESHOLD = "circuitBreakerThreshold";
    public static final String CIRCUIT_BREAKER_THRESHOLD_DEFAULT = "5";
    public static final String SPOOL_DIRECTORY = "spoolDirectory";
    public static final String MAX_SPOOL_BYTES = "maxSpoolBytes";
    public static final String MAX_SPOOL_BYTES_DEFAULT = "268435456";
    public static final String FAIL_ON_REPORTING_ERROR = "failOnReportingError";
    public static final String FAIL_ON_REPORTING_ERROR_DEFAULT = "false";
    public static final String HEARTBEAT_INTERVAL_MS = "heartbeatIntervalMs";
    public static final String HEARTBEAT_INTERVAL_MS_DEFAULT = "30000";
    public static final String MAX_OUTPUT_BYTES_PER_TEST = "maxOutputBytesPerTest";
    public static final String MAX_OUTPUT_BYTES_PER_TEST_DEFAULT = "1048576";
    public static final String TLS = "tls";
    public static final String TLS_DEFAULT = "false";
    public static final String TRUST_CERT_COLLECTION_FILE = "trustCertCollectionFile";
    public static final String SERVER_ID = "serverId";
    public static final String SERVER_ID_DEFAULT = "stanterprise";
    /** Not a parameter: the token is read from settings.xml or from this variable, never from the pom. */
    public static final String TOKEN_ENV = "STANTERPRISE_TOKEN";

    /** Every parameter name, to catch a misspelt one in the pom. */
    public static final java.util.List<String> ALL = java.util.Collections.unmodifiableList(java.util.Arrays.asList(
            ENDPOINT, ENABLED, RUN_ID, ENABLE_BATCHING, BATCH_SIZE, BATCH_FLUSH_INTERVAL_MS, GRPC_TIMEOUT_MS,
            SHUTDOWN_TIMEOUT_MS, MAX_QUEUE_BYTES, FORK_BUFFER_BYTES, VERBOSE, REPORT_DIRECTORY, MAX_RETRIES,
            RETRY_INITIAL_DELAY_MS, RETRY_BACKOFF_MULTIPLIER, CIRCUIT_BREAKER_THRESHOLD, SPOOL_DIRECTORY,
            MAX_SPOOL_BYTES, FAIL_ON_REPORTING_ERROR, HEARTBEAT_INTERVAL_MS, TLS, TRUST_CERT_COLLECTION_FILE,
            SERVER_ID, MAX_OUTPUT_BYTES_PER_TEST));

    private Parameters() {
    }
}
