package com.stanterprise.maven;

import com.stanterprise.maven.aggregation.Run;
import com.stanterprise.maven.channel.ForkChannelServer;
import com.stanterprise.maven.channel.ForkListener;
import com.stanterprise.maven.configuration.Configuration;
import com.stanterprise.maven.export.CollectorChannel;
import com.stanterprise.maven.export.EventTransport;
import com.stanterprise.maven.export.ExportStatistics;
import com.stanterprise.maven.export.Exporter;
import com.stanterprise.maven.export.FileSink;
import com.stanterprise.maven.export.GrpcBatchTransport;
import com.stanterprise.maven.export.GrpcEventTransport;
import com.stanterprise.testsystem.v1.common.TestStatus;
import com.stanterprise.testsystem.v1.observer.Event;
import org.slf4j.Logger;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One build's reporting, from the end of project reading to the end of the session: the run,
 * the fork channel that feeds it and the exporter that drains it.
 */
public final class BuildReporting implements ForkListener {

    /** How long the end of an execution waits for its forks' connections to close. */
    private static final long FORK_CLOSE_TIMEOUT_MS = 10_000;

    private final Configuration configuration;
    private final Logger log;
    private final String secret;
    private final Run run;
    private final ExportStatistics statistics = new ExportStatistics();
    private final Exporter exporter;
    private final ForkChannelServer server;
    private final AtomicLong droppedInForks = new AtomicLong();

    private BuildReporting(Configuration configuration, Logger log, String name, Map<String, String> metadata,
                           EventTransport transport, String runId) throws IOException {
        this.configuration = configuration;
        this.log = log;
        this.secret = newSecret();
        this.exporter = new Exporter(transport, configuration.batchSize, configuration.batchFlushIntervalMs,
                configuration.maxQueueBytes, statistics, log::warn);
        this.run = new Run(runId, name, metadata, exporter, Clock.systemUTC());
        this.server = new ForkChannelServer(secret, this);
    }

    public static BuildReporting start(Configuration configuration, Logger log, String name,
                                       Map<String, String> metadata) throws IOException {
        String runId = configuration.runId != null ? configuration.runId : UUID.randomUUID().toString();
        String sourceId = UUID.randomUUID().toString();
        EventTransport transport = transport(configuration, runId, sourceId, log);
        Map<String, String> runMetadata = new LinkedHashMap<>(metadata);
        runMetadata.put("source_id", sourceId);
        BuildReporting reporting = new BuildReporting(configuration, log, name, runMetadata, transport, runId);
        reporting.exporter.start();
        reporting.server.start();
        log.info("Stanterprise: reporting run {} to {}", runId, transport.destination());
        return reporting;
    }

    private static EventTransport transport(Configuration configuration, String runId, String sourceId, Logger log)
            throws IOException {
        if (configuration.endpoint == null) {
            return new FileSink(configuration.eventsFile());
        }
        CollectorChannel channel = new CollectorChannel(configuration.endpoint);
        if (configuration.enableBatching) {
            return new GrpcBatchTransport(channel, runId, sourceId, configuration.grpcTimeoutMs, log::info);
        }
        return new GrpcEventTransport(channel, configuration.grpcTimeoutMs, true);
    }

    /** The system properties every test JVM of this build gets, for the listener. */
    public Map<String, String> forkProperties(String executionKey) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("stanterprise.channel", server.address());
        properties.put("stanterprise.secret", secret);
        properties.put("stanterprise.execution", executionKey);
        properties.put("stanterprise.fork.flushIntervalMs", Long.toString(configuration.batchFlushIntervalMs));
        properties.put("stanterprise.fork.bufferBytes", Long.toString(configuration.forkBufferBytes));
        return properties;
    }

    public void executionStarted(String executionKey, String suiteName, String project) {
        run.executionStarted(executionKey, suiteName, project);
    }

    public void executionEnded(String executionKey, boolean succeeded) {
        try {
            server.awaitExecution(executionKey, FORK_CLOSE_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        run.executionEnded(executionKey, succeeded);
    }

    @Override
    public void forkConnected(String forkId, String executionKey, String description) {
        run.forkConnected(forkId, executionKey, description);
    }

    @Override
    public void forkEvents(String forkId, List<Event> events, long droppedInFork) {
        if (droppedInFork > 0) {
            droppedInForks.addAndGet(droppedInFork);
        }
        run.forkEvents(forkId, events);
    }

    @Override
    public void forkClosed(String forkId, boolean saidGoodbye) {
        String left = run.forkClosed(forkId, saidGoodbye);
        if (!saidGoodbye) {
            log.warn("Stanterprise: test JVM {} ended without saying goodbye (it died or was killed){}",
                    forkId, left.isEmpty() ? "" : "; " + left);
        }
    }

    /** Ends the run, drains the exporter within the shutdown timeout and prints the summary. */
    public void finish(boolean buildSucceeded) {
        boolean reported = run.end(buildSucceeded);
        server.close();
        try {
            exporter.shutdown(configuration.shutdownTimeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Stanterprise: {}", e.getMessage());
        }
        if (configuration.verbose) {
            log.info("Stanterprise: batches sent {}, events {}, average batch size {}, largest batch {}, calls {}",
                    statistics.batches(), statistics.eventsDelivered(),
                    String.format(Locale.ROOT, "%.1f", statistics.averageBatchSize()),
                    statistics.largestBatch(), statistics.calls());
        }
        log.info(reported ? summary() : "Stanterprise: no tests ran; run " + run.id() + " was not reported.");
    }

    String summary() {
        long lost = statistics.lost() + droppedInForks.get();
        StringJoiner tests = new StringJoiner(", ");
        for (Map.Entry<TestStatus, Long> count : run.testsByStatus().entrySet()) {
            tests.add(count.getValue() + " " + count.getKey().name().toLowerCase(Locale.ROOT));
        }
        return "Stanterprise: run " + run.id() + ": " + statistics.eventsDelivered() + " events in "
                + statistics.batches() + " batches (" + statistics.calls() + " calls) to " + exporter.destination()
                + ", lost " + lost + (tests.length() > 0 ? "; tests: " + tests : "");
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
