package com.stanterprise.maven.mojos;

import com.stanterprise.maven.configuration.Configuration;
import com.stanterprise.maven.configuration.ConfigurationException;
import com.stanterprise.maven.configuration.ConfigurationReader;
import com.stanterprise.maven.configuration.SessionConfiguration;
import com.stanterprise.maven.configuration.SettingsServers;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;


/**
 * The extension's parameters, in one place, for the goals and for the generated help. The
 * extension reads them from, first to last: the plugin's {@code <configuration>} in the pom, the
 * {@code -Dstanterprise.<name>} user property, the Java system property of that name, the
 * environment variable where one is named, the top-level pom's {@code <properties>}, the
 * default. Values are checked by {@link ConfigurationReader}, which names the parameter, where
 * its value came from and what is allowed.
 */
abstract class AbstractStanterpriseMojo extends AbstractMojo {

    /**
     * The collector, as {@code host:port}. Default: none, events go to the file sink
     * {@code target/stanterprise/events.jsonl}. Environment variable: {@code STANTERPRISE_GRPC_ADDRESS}.
     */
    @Parameter(property = "stanterprise.endpoint")
    String endpoint;

    /**
     * Report at all. Default: {@code true}. Environment variable: {@code STANTERPRISE_GRPC_ENABLED}.
     */
    @Parameter(property = "stanterprise.enabled")
    String enabled;

    /** The run id. Default: a random UUID per build. Set it to report several builds into one run. */
    @Parameter(property = "stanterprise.runId")
    String runId;

    /**
     * Send events in batches ({@code ReportEventBatch}); {@code false} sends one v1 call per event,
     * the old way. Default: {@code true}.
     */
    @Parameter(property = "stanterprise.enableBatching")
    String enableBatching;

    /** The most events in one batch (1 to 100000). Default: {@code 1000}. */
    @Parameter(property = "stanterprise.batchSize")
    String batchSize;

    /**
     * The longest an event waits for its batch to fill, in milliseconds; also the test JVMs' flush
     * interval. Default: {@code 100}.
     */
    @Parameter(property = "stanterprise.batchFlushIntervalMs")
    String batchFlushIntervalMs;

    /** The deadline of every gRPC call, in milliseconds. Default: {@code 5000}. */
    @Parameter(property = "stanterprise.grpcTimeoutMs")
    String grpcTimeoutMs;

    /**
     * How long the end of the build may take to deliver what is still queued, in milliseconds.
     * Default: {@code 10000}.
     */
    @Parameter(property = "stanterprise.shutdownTimeoutMs")
    String shutdownTimeoutMs;

    /**
     * The most bytes of events the Maven JVM holds before sending. When it is full, the test
     * JVMs' connections wait (the test JVMs keep their events, up to {@code forkBufferBytes})
     * until the collector catches up; events are dropped and counted only beyond twice this.
     * Default: {@code 67108864} (64 MiB).
     */
    @Parameter(property = "stanterprise.maxQueueBytes")
    String maxQueueBytes;

    /**
     * The most bytes of events each test JVM buffers before sending; beyond it events are
     * counted as lost. Default: {@code 16777216} (16 MiB).
     */
    @Parameter(property = "stanterprise.forkBufferBytes")
    String forkBufferBytes;

    /**
     * At the end of the build, print one more line: batches, events, average and largest batch,
     * calls, retries and the calls' latency p50/p95. Default: {@code false}.
     */
    @Parameter(property = "stanterprise.verbose")
    String verbose;

    /**
     * Where the file sink (and other local output) goes, relative to the top-level project's
     * build directory. Default: {@code target/stanterprise} of the top-level project.
     */
    @Parameter(property = "stanterprise.reportDirectory")
    String reportDirectory;

    /**
     * Retries of a failed call for UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL, ABORTED,
     * RESOURCE_EXHAUSTED, UNKNOWN and CANCELLED (0 to 100). Default: {@code 3}.
     */
    @Parameter(property = "stanterprise.maxRetries")
    String maxRetries;

    /**
     * The backoff before the first retry, in milliseconds (1 to 600000); each retry waits between
     * half and all of its backoff, and no backoff is longer than 30 s. Default: {@code 100}.
     */
    @Parameter(property = "stanterprise.retryInitialDelayMs")
    String retryInitialDelayMs;

    /** How much longer each retry waits than the one before (1.0 to 10.0). Default: {@code 2.0}. */
    @Parameter(property = "stanterprise.retryBackoffMultiplier")
    String retryBackoffMultiplier;

    /**
     * After this many failed deliveries in a row (at least 1; a batch whose retries ran out, or a
     * failed offer of the spool), the spool is offered to the collector every 30 s instead of
     * every 2 s, until one gets through. Default: {@code 5}.
     */
    @Parameter(property = "stanterprise.circuitBreakerThreshold")
    String circuitBreakerThreshold;

    /**
     * Where events wait when the collector does not take them, relative to the top-level project's
     * build directory. Default: {@code spool} in {@code reportDirectory}
     * ({@code target/stanterprise/spool} of the top-level project).
     */
    @Parameter(property = "stanterprise.spoolDirectory")
    String spoolDirectory;

    /**
     * The most bytes of one build's events waiting in the spool (what the collector took no longer
     * counts); when it is full, newer events are dropped and counted, older ones kept.
     * Default: {@code 268435456} (256 MiB).
     */
    @Parameter(property = "stanterprise.maxSpoolBytes")
    String maxSpoolBytes;

    /**
     * Fail the build, at its end, when events were spooled or lost instead of delivered.
     * Default: {@code false}: the build's outcome does not depend on the collector.
     */
    @Parameter(property = "stanterprise.failOnReportingError")
    String failOnReportingError;

    /** How often a heartbeat goes to the collector while the run lasts, in milliseconds. Default: {@code 30000}. */
    @Parameter(property = "stanterprise.heartbeatIntervalMs")
    String heartbeatIntervalMs;

    /**
     * The most bytes of stdout and stderr reported per test; beyond, one truncation marker and
     * nothing more (what Surefire prints is not changed). Default: {@code 1048576} (1 MiB).
     */
    @Parameter(property = "stanterprise.maxOutputBytesPerTest")
    String maxOutputBytesPerTest;

    /**
     * Call the collector over TLS. Default: {@code false}, plaintext. With a token and a collector
     * that is not on this machine, plaintext gets a warning.
     */
    @Parameter(property = "stanterprise.tls")
    String tls;

    /**
     * With {@code tls}: a PEM file of the certificates the collector's certificate must chain to,
     * for a collector with a private CA; relative to the top-level project's directory. A missing
     * or unreadable file stops the build. Default: the JVM's trust store.
     */
    @Parameter(property = "stanterprise.trustCertCollectionFile")
    String trustCertCollectionFile;

    /**
     * The {@code <server>} in the user's settings.xml whose {@code <password>} is the token sent to the
     * collector as {@code authorization: Bearer}. Without such a server, the token is taken from the
     * {@code STANTERPRISE_TOKEN} environment variable; without either, calls carry no token. The
     * token is never read from the pom and never logged. Default: {@code stanterprise}.
     */
    @Parameter(property = "stanterprise.serverId")
    String serverId;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    MavenSession session;

    @Component
    SettingsDecrypter settingsDecrypter;

    /**
     * The configuration the extension uses in this build, read the same way it reads it (the
     * fields above are set by Maven from the same sources, but only for the goal's own
     * execution; they are here for the generated help).
     */
    Configuration configuration() throws MojoExecutionException {
        try {
            return SessionConfiguration.read(session, new SettingsServers(session.getSettings(), settingsDecrypter));
        } catch (ConfigurationException e) {
            throw new MojoExecutionException(e.getMessage());
        }
    }
}
