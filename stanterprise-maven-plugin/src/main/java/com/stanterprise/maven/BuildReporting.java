package com.stanterprise.maven;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.gson.stream.JsonWriter;
import com.stanterprise.aggregator.v1.EncodedEvent;
import com.stanterprise.maven.aggregation.ReportedTest;
import com.stanterprise.maven.aggregation.ReportsDirectory;
import com.stanterprise.maven.aggregation.Run;
import com.stanterprise.maven.channel.ForkChannelServer;
import com.stanterprise.maven.channel.ForkListener;
import com.stanterprise.maven.configuration.Configuration;
import com.stanterprise.maven.configuration.Token;
import com.stanterprise.maven.export.CircuitBreaker;
import com.stanterprise.maven.export.CollectorChannel;
import com.stanterprise.maven.export.ConcurrentEventTransport;
import com.stanterprise.maven.export.Delivery;
import com.stanterprise.maven.export.EventTransport;
import com.stanterprise.maven.export.ExportStatistics;
import com.stanterprise.maven.export.Exporter;
import com.stanterprise.maven.export.FileSink;
import com.stanterprise.maven.export.GrpcBatchTransport;
import com.stanterprise.maven.export.HealthCheck;
import com.stanterprise.maven.export.RetryPolicy;
import com.stanterprise.maven.export.Spool;
import com.stanterprise.testsystem.v1.common.TestStatus;
import org.slf4j.Logger;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One build's reporting, from the end of project reading to the end of the session: the run,
 * the fork channel that feeds it, and the exporter and delivery that drain it.
 */
public final class BuildReporting implements ForkListener {

    /**
     * How long the end of an execution waits for a fork's connection that makes no progress
     * before it cuts it; one held back by a slow collector is waited for.
     */
    private static final long FORK_CLOSE_TIMEOUT_MS = 10_000;
    /** The start-of-build health check is quick: a collector that is there answers at once. */
    private static final long HEALTH_CHECK_TIMEOUT_MS = 2_000;
    /**
     * How long the check may take to connect first (loading gRPC and Netty on a busy machine
     * takes over a second): bounded, since the first batch, and a short build's end, wait for it.
     */
    private static final long HEALTH_CHECK_CONNECT_MS = 5_000;
    /** How often a worker waiting for the check looks at the build's end's deadline. */
    private static final long HEALTH_CHECK_POLL_MS = 50;
    /**
     * What the end of the build may take beyond shutdownTimeoutMs: the exporter's 5 s to spool
     * what is left, the collector channel's close (up to 15 s when a call hangs), the summary.
     */
    private static final long FINISH_GRACE_MS = 25_000;
    /** The reason counted for events the run failed to take, a bug of the extension's. */
    private static final String EXTENSION_FAILED = "the extension failed";
    /** The reason counted for events a test JVM sent after the run ended. */
    private static final String AFTER_THE_RUN_END = "sent after the run's end";
    /** A drain at the end of the build that takes longer than this says what it waits for. */
    private static final long QUIET_DRAIN_MS = 1_000;

    /** Where the build's backstop for Ctrl-C goes: the JVM's shutdown hooks, or a test's own list. */
    interface ShutdownHooks {
        ShutdownHooks JVM = new ShutdownHooks() {
            @Override
            public void add(Thread hook) {
                Runtime.getRuntime().addShutdownHook(hook);
            }

            @Override
            public void remove(Thread hook) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        };

        void add(Thread hook);

        /** @throws IllegalStateException when the JVM is already shutting down */
        void remove(Thread hook);
    }

    private final Configuration configuration;
    private final Logger log;
    private final String secret = newSecret();
    /** The secret travels to the forks in this owner-only file, never as a value in the build's configuration. */
    private final Path secretFile;
    private final String sourceId;
    private final Run run;
    private final ExportStatistics statistics = new ExportStatistics();
    private final EventTransport transport;
    private final Delivery delivery;
    private final Exporter exporter;
    private final ForkChannelServer server;
    private final ScheduledExecutorService heartbeats;
    /** The start-of-build health check, under way; null without a collector. */
    private final Future<String> healthCheck;
    private final AtomicLong droppedInForks = new AtomicLong();
    /** Test JVMs' connections that got in: one per test JVM, however many test runs it starts. */
    private final AtomicLong forkConnections = new AtomicLong();
    private final AtomicLong outputsTruncated = new AtomicLong();
    private final AtomicLong textsTruncated = new AtomicLong();
    private final AtomicBoolean extensionFailed = new AtomicBoolean();
    private final AtomicBoolean finishing = new AtomicBoolean();
    /** Counted down once {@link #finish} has delivered or spooled what was queued and printed the summary. */
    private final CountDownLatch finished = new CountDownLatch(1);
    private final ShutdownHooks shutdownHooks;
    /**
     * The backstop for Ctrl-C and a killed Maven: ends the run (closing what forks left open),
     * delivers or spools what is queued within shutdownTimeoutMs. Removed once the build's end
     * is done, so that a long-lived Maven process keeps nothing of this build; kept while it is
     * under way, since Ctrl-C then must wait for it.
     */
    private final Thread interrupted = new Thread(this::jvmExits, "stanterprise-interrupted");
    /** The Surefire and Failsafe executions that have started and not yet ended, by key. */
    private final Map<String, ExecutionUnderWay> executionsUnderWay = new ConcurrentHashMap<>();

    /** What the end of an execution needs to read what Surefire reported for it. */
    private static final class ExecutionUnderWay {
        final String suiteName;
        final ReportsDirectory reports;
        final long rejectedBefore;

        ExecutionUnderWay(String suiteName, ReportsDirectory reports, long rejectedBefore) {
            this.suiteName = suiteName;
            this.reports = reports;
            this.rejectedBefore = rejectedBefore;
        }
    }

    /** The execution of each connected fork, by fork id. */
    private final Map<String, String> forkExecutions = new ConcurrentHashMap<>();
    /** "fork-3, pid 4242" by fork id: the build log names a fork that dies by its process. */
    private final Map<String, String> forkNames = new ConcurrentHashMap<>();

    /** @param opened gets what the start opens, in order, for {@link #start} to close should it fail */
    private BuildReporting(Configuration configuration, Logger log, String name, Map<String, String> metadata,
                           ShutdownHooks shutdownHooks, Path temporaryDirectory, List<AutoCloseable> opened)
            throws IOException {
        this.configuration = configuration;
        this.log = log;
        this.shutdownHooks = shutdownHooks;
        this.secretFile = writeSecret(temporaryDirectory, secret);
        opened.add(() -> Files.deleteIfExists(secretFile));
        String runId = configuration.runId != null ? configuration.runId : UUID.randomUUID().toString();
        this.sourceId = UUID.randomUUID().toString();
        CollectorChannel channel = configuration.endpoint == null ? null : new CollectorChannel(configuration);
        if (channel == null) {
            transport = new FileSink(configuration.eventsFile(), temporaryDirectory);
        } else if (configuration.enableBatching) {
            transport = new GrpcBatchTransport(channel, statistics.latency(), log::info);
        } else {
            transport = new ConcurrentEventTransport(channel, statistics.latency(), true,
                    ConcurrentEventTransport.DEFAULT_WINDOW);
        }
        // The file sink deletes its temporary file, unwritten; a gRPC transport closes its channel.
        opened.add(transport);
        delivery = new Delivery(transport,
                channel == null ? null : Spool.forBuild(configuration.spoolDirectory, sourceId, configuration.maxSpoolBytes),
                new RetryPolicy(configuration.maxRetries, configuration.retryInitialDelayMs,
                        configuration.retryBackoffMultiplier),
                new CircuitBreaker(configuration.circuitBreakerThreshold),
                configuration.grpcTimeoutMs, statistics, log::warn, configuration.batchSize);
        exporter = new Exporter(delivery, runId, sourceId, configuration.batchSize, configuration.batchFlushIntervalMs,
                configuration.maxQueueBytes, statistics, log::warn);
        // Its worker, if started, has nothing to deliver: it ends at once.
        opened.add(() -> exporter.shutdown(0));
        Map<String, String> runMetadata = new LinkedHashMap<>(metadata);
        runMetadata.put("source_id", sourceId);
        run = new Run(runId, name, runMetadata, exporter, Clock.systemUTC());
        server = new ForkChannelServer(secret, this);
        opened.add(server);
        heartbeats = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "stanterprise-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        opened.add(heartbeats::shutdownNow);
        if (channel != null) {
            // The connection and the check run while Maven goes on; the first batch waits for them.
            FutureTask<String> check = new FutureTask<>(() ->
                    HealthCheck.problem(channel, Math.min(configuration.grpcTimeoutMs, HEALTH_CHECK_CONNECT_MS),
                            Math.min(configuration.grpcTimeoutMs, HEALTH_CHECK_TIMEOUT_MS)));
            Thread checking = new Thread(check, "stanterprise-health-check");
            checking.setDaemon(true);
            checking.start();
            // Interrupted, it ends at once; its own deadlines bound the wait. Before the channel
            // closes, which it might otherwise build anew.
            opened.add(() -> {
                check.cancel(true);
                checking.join(configuration.grpcTimeoutMs + HEALTH_CHECK_TIMEOUT_MS);
            });
            healthCheck = check;
        } else {
            healthCheck = null;
            log.info("Stanterprise: no endpoint; run {} goes to {}.", runId, configuration.eventsFile());
        }
    }

    /**
     * The start-of-build check's answer, before the first batch goes: stream or spool from the
     * outset. The exporter's worker waits for it, not the build: the tests start while the
     * channel is still being built. Its deadline bounds the wait.
     */
    private void awaitHealthCheck() {
        if (healthCheck == null) {
            return;
        }
        String problem;
        try {
            problem = healthCheckAnswer();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted";
        } catch (ExecutionException e) {
            problem = e.getCause().toString();
        }
        if (problem == null) {
            log.info("Stanterprise: collector {} is up; streaming run {} to it.", configuration.endpoint, run.id());
        } else if (HealthCheck.refusedForAuthentication(problem)) {
            delivery.tokenRefused();
            log.warn("Stanterprise: collector {} refused the health check for authentication ({}); spooling run {}"
                    + " to {} from the start. The token is {}; once it is right, mvn stanterprise:replay delivers"
                    + " the spool.", configuration.endpoint, problem, run.id(), configuration.spoolDirectory,
                    Token.WHERE_IT_COMES_FROM);
        } else {
            delivery.startSpooling();
            log.warn("Stanterprise: collector {} is not reachable ({}); spooling run {} to {} from the start.",
                    configuration.endpoint, problem, run.id(), configuration.spoolDirectory);
        }
    }

    /**
     * The check's answer. A build that ends before it comes (a collector that takes the connection
     * and says nothing holds the check up to its deadlines, 7 s) waits for it only until the end's
     * own deadline, shutdownTimeoutMs: then what is queued goes to the spool, in the time the end
     * keeps for that, instead of being counted lost while the worker still waits.
     */
    private String healthCheckAnswer() throws InterruptedException, ExecutionException {
        while (true) {
            try {
                return healthCheck.get(HEALTH_CHECK_POLL_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (delivery.pastDeadline()) {
                    return "no answer within the build's end, shutdownTimeoutMs (" + configuration.shutdownTimeoutMs
                            + " ms)";
                }
            }
        }
    }

    public static BuildReporting start(Configuration configuration, Logger log, String name,
                                       Map<String, String> metadata) throws IOException {
        return start(configuration, log, name, metadata, ShutdownHooks.JVM,
                Paths.get(System.getProperty("java.io.tmpdir")));
    }

    /**
     * @param temporaryDirectory where the secret file, and the file sink's events until the build's
     *                           end, are kept: java.io.tmpdir, or a test's own
     */
    static BuildReporting start(Configuration configuration, Logger log, String name, Map<String, String> metadata,
                                ShutdownHooks shutdownHooks, Path temporaryDirectory) throws IOException {
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            BuildReporting reporting = new BuildReporting(configuration, log, name, metadata, shutdownHooks,
                    temporaryDirectory, opened);
            reporting.exporter.beforeFirstBatch(reporting::awaitHealthCheck);
            reporting.exporter.start();
            reporting.server.start();
            reporting.heartbeats.scheduleAtFixedRate(() -> reporting.run.heartbeat(reporting.sourceId),
                    configuration.heartbeatIntervalMs, configuration.heartbeatIntervalMs, TimeUnit.MILLISECONDS);
            // Throws once the JVM shuts down: Ctrl-C while the start runs beside Maven.
            shutdownHooks.add(reporting.interrupted);
            return reporting;
        } catch (Throwable failure) {
            closeInReverse(opened, failure);
            throw failure;
        }
    }

    /**
     * A start that failed part way closes what it had opened, last first: a long-lived Maven
     * (mvnd) runs build after build, and would keep each failed start's threads, port and files.
     * Their failures go with the start's own, which ReportingStart logs.
     */
    private static void closeInReverse(List<AutoCloseable> opened, Throwable failure) {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.addSuppressed(e);
            } catch (Throwable e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** The system properties every test JVM of this build gets, for the listener. */
    public Map<String, String> forkProperties(String executionKey) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("stanterprise.channel", server.address());
        properties.put("stanterprise.secretFile", secretFile.toString());
        properties.put("stanterprise.execution", executionKey);
        // A test JVM with another process id is a fork: it keeps one connection for all its test runs.
        properties.put("stanterprise.aggregatorPid", Long.toString(ProcessHandle.current().pid()));
        properties.put("stanterprise.fork.flushIntervalMs", Long.toString(configuration.batchFlushIntervalMs));
        properties.put("stanterprise.fork.bufferBytes", Long.toString(configuration.forkBufferBytes));
        properties.put("stanterprise.fork.maxOutputBytesPerTest", Long.toString(configuration.maxOutputBytesPerTest));
        return properties;
    }

    public void executionStarted(String executionKey, String suiteName, String project) {
        executionStarted(executionKey, suiteName, project, null);
    }

    /**
     * @param reportsDirectory where the execution writes its {@code TEST-*.xml} reports; null
     *                         when unknown: nothing is taken from them
     */
    public void executionStarted(String executionKey, String suiteName, String project, Path reportsDirectory) {
        executionsUnderWay.put(executionKey, new ExecutionUnderWay(suiteName,
                reportsDirectory == null ? null : ReportsDirectory.atStart(reportsDirectory),
                server.rejectedConnections()));
        run.executionStarted(executionKey, suiteName, project);
    }

    public void executionEnded(String executionKey, boolean succeeded) {
        try {
            server.awaitExecution(executionKey, FORK_CLOSE_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ExecutionUnderWay execution = executionsUnderWay.remove(executionKey);
        if (execution != null) {
            takeFromReports(executionKey, execution);
        }
        run.executionEnded(executionKey, succeeded);
    }

    /**
     * What Surefire itself knows of the execution's tests fills in what its forks never sent: a
     * fork that died took with it what it had not flushed, and a fork that could not connect
     * sent nothing at all. Only then are the reports read; a healthy execution's are not.
     */
    private void takeFromReports(String executionKey, ExecutionUnderWay execution) {
        long refused = server.rejectedConnections() - execution.rejectedBefore;
        if (execution.reports == null || !(run.mayHaveLostTests(executionKey) || refused > 0)) {
            return;
        }
        List<ReportedTest> reported = reported(execution);
        if (reported.isEmpty()) {
            return;
        }
        boolean noneConnected = run.forksConnected(executionKey) == 0;
        if (noneConnected) {
            log.warn("Stanterprise: no test JVM of {} connected to the fork channel, yet Surefire reports {} test(s)"
                            + " for it{}; its events are lost, its tests are taken from Surefire's reports.",
                    execution.suiteName, reported.size(),
                    refused > 0 ? " (" + refused + " connection(s) refused)" : "");
        }
        run.fillIn(executionKey, reported);
        // Also those taken when a fork died, from the reports Surefire had written by then.
        int filled = run.testsFromReports(executionKey);
        if (!noneConnected && refused > 0 && filled > 0) {
            // Some JVMs of the execution got in, others were turned away: the missing tests are theirs, or a dead one's.
            log.warn("Stanterprise: {} connection(s) to the fork channel were refused while {} ran, and {} test(s)"
                    + " Surefire reports never arrived from a test JVM.", refused, execution.suiteName, filled);
        }
        if (filled > 0) {
            log.info("Stanterprise: {} test(s) of {} taken from Surefire's reports in {} (metadata source={}):"
                            + " their events never arrived from the test JVM.",
                    filled, execution.suiteName, execution.reports.path(), Run.SOURCE_SUREFIRE_REPORT);
        }
    }

    /** The test cases of the reports the execution wrote since it began; empty when unknown. */
    private List<ReportedTest> reported(ExecutionUnderWay execution) {
        if (execution == null || execution.reports == null) {
            return Collections.emptyList();
        }
        return execution.reports.testsWritten(problem -> log.warn("Stanterprise: {}", problem));
    }

    @Override
    public void forkConnected(String forkId, String executionKey, String description) {
        forkConnections.incrementAndGet();
        forkNames.put(forkId, description);
        forkExecutions.put(forkId, executionKey);
        run.forkConnected(forkId, executionKey, description);
    }

    @Override
    public void forkEvents(String forkId, List<EncodedEvent> events, long droppedInFork)
            throws InvalidProtocolBufferException {
        if (droppedInFork > 0) {
            droppedInForks.addAndGet(droppedInFork);
        }
        long bytes = 0;
        for (EncodedEvent event : events) {
            bytes += event.getSerializedSize();
        }
        exporter.awaitRoom(bytes);
        if (!run.forkEvents(forkId, events)) {
            // Sent after the run's end (Ctrl-C while tests ran, a connection held back at the build's
            // end): nothing follows the run end at the collector.
            statistics.drop(AFTER_THE_RUN_END, events.size());
        }
    }

    @Override
    public void forkEventsFailed(String forkId, List<EncodedEvent> events, RuntimeException bug) {
        int notTaken = bug instanceof Run.EventsNotTaken ? ((Run.EventsNotTaken) bug).count() : events.size();
        Throwable cause = bug instanceof Run.EventsNotTaken ? bug.getCause() : bug;
        statistics.drop(EXTENSION_FAILED, notTaken);
        if (extensionFailed.getAndSet(true)) {
            return; // once: a bug that repeats on every batch would fill the log; the summary counts them all
        }
        log.warn("Stanterprise: the extension failed on a batch of test JVM {}, a bug of the extension's and not of the"
                        + " test JVM (please report it): {} of its {} event(s) are lost and counted; the JVM's later"
                        + " batches go on.", forkNames.get(forkId), notTaken, events.size(), cause);
    }

    @Override
    public void forkSaidGoodbye(String forkId, long droppedAfterLastBatch, long outputs, long texts) {
        // Refused by a closing fork, typically a test's System.exit while other threads still report.
        droppedInForks.addAndGet(droppedAfterLastBatch);
        outputsTruncated.addAndGet(outputs);
        textsTruncated.addAndGet(texts);
    }

    @Override
    public void forkClosed(String forkId, boolean saidGoodbye) {
        String executionKey = forkExecutions.remove(forkId);
        // A JVM that died may have died just after a class whose last events were still in its
        // buffer: what Surefire has reported by now tells which of its open classes completed.
        List<ReportedTest> reported = saidGoodbye || executionKey == null ? Collections.<ReportedTest>emptyList()
                : reported(executionsUnderWay.get(executionKey));
        String left = run.forkClosed(forkId, saidGoodbye, reported);
        String fork = forkNames.remove(forkId);
        if (!saidGoodbye) {
            log.warn("Stanterprise: test JVM {} ended without saying goodbye (it died or was killed){}",
                    fork, left.isEmpty() ? "" : "; " + left);
        } else if (!left.isEmpty()) {
            // Only the fork's shutdown hook says goodbye with tests still open: a test ended the JVM.
            log.warn("Stanterprise: test JVM {} exited before its tests ended (System.exit in a test?); {}",
                    fork, left);
        }
    }

    /**
     * Ends the run, delivers or spools what is queued within the shutdown timeout, prints the
     * summary and writes stats.json. Only the first call does so; the shutdown hook's waits for it.
     * @return why the build must fail, when failOnReportingError asks for it; else null
     */
    public String finish(boolean buildSucceeded) {
        if (!finishing.compareAndSet(false, true)) {
            return null;
        }
        try {
            return end(buildSucceeded);
        } finally {
            finished.countDown();
            if (Thread.currentThread() != interrupted) {
                try {
                    shutdownHooks.remove(interrupted);
                } catch (IllegalStateException exiting) {
                    // the JVM is shutting down: the hook runs, and finds the work done
                }
            }
        }
    }

    /**
     * The shutdown hook: Ctrl-C, SIGTERM. The JVM halts as soon as it returns, so when the
     * build's end is already under way on Maven's thread (a slow collector holds it), it waits
     * for that to deliver or spool what is queued and print the summary, as it would itself.
     */
    private void jvmExits() {
        finish(false);
        try {
            if (!finished.await(configuration.shutdownTimeoutMs + FINISH_GRACE_MS, TimeUnit.MILLISECONDS)) {
                log.warn("Stanterprise: the end of the build did not finish within shutdownTimeoutMs ({} ms) and {} ms"
                        + " more; what it had not delivered or spooled is lost.", configuration.shutdownTimeoutMs,
                        FINISH_GRACE_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String end(boolean buildSucceeded) {
        heartbeats.shutdownNow();
        boolean reported = run.end(buildSucceeded);
        // Connections held back by a full queue go on, to find the run ended, instead of each
        // holding up the channel's close for seconds.
        exporter.runEnded();
        server.close();
        try {
            Files.deleteIfExists(secretFile);
        } catch (IOException e) {
            log.warn("Stanterprise: could not delete {}: {}", secretFile, e.getMessage());
        }
        try {
            // Said when it takes a while: nothing else shows what the build's end waits for.
            exporter.shutdown(configuration.shutdownTimeoutMs, QUIET_DRAIN_MS, pending -> log.info(
                    "Stanterprise: delivering {} queued or spooled events to {}, for at most shutdownTimeoutMs ({} ms).",
                    pending, transport.destination(), configuration.shutdownTimeoutMs));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            transport.close();
        } catch (RuntimeException e) {
            log.warn("Stanterprise: {}", e.getMessage());
        }
        if (server.rejectedConnections() > 0) {
            // Also when no run was reported: the test JVMs refused may be why.
            log.warn("Stanterprise: {} connection(s) to the fork channel were closed unread or cut off: no or a wrong"
                    + " secret, another protocol version, or a malformed frame.", server.rejectedConnections());
        }
        if (!reported) {
            log.info("Stanterprise: no tests ran; run {} was not reported.", run.id());
            return null;
        }
        long spooled = statistics.spooled();
        long lost = statistics.lost() + droppedInForks.get();
        if (configuration.verbose) {
            log.info("Stanterprise: batches sent {}, events {}, average batch size {}, largest batch {}, calls {},"
                            + " retries {}, RPC latency p50 {} ms, p95 {} ms",
                    statistics.batches(), statistics.eventsDelivered(),
                    String.format(Locale.ROOT, "%.1f", statistics.averageBatchSize()), statistics.largestBatch(),
                    statistics.calls(), statistics.retries(),
                    String.format(Locale.ROOT, "%.2f", statistics.latency().quantileMs(0.5)),
                    String.format(Locale.ROOT, "%.2f", statistics.latency().quantileMs(0.95)));
        }
        writeStatistics(lost);
        if (statistics.heldBack() > 0) {
            // Not a loss: the test JVMs held their events meanwhile (their own bound is forkBufferBytes).
            log.info("Stanterprise: the exporter's queue (maxQueueBytes) was full {} time(s); the test JVMs' events"
                    + " waited {} ms in all for the collector to catch up.", statistics.heldBack(),
                    statistics.heldBackMillis());
        }
        if (spooled > 0) {
            log.warn("Stanterprise: {} events wait in {}; send them with mvn stanterprise:replay.",
                    spooled, delivery.spool().file());
        }
        if (outputsTruncated.get() > 0 || textsTruncated.get() > 0) {
            log.info("Stanterprise: {} test outputs truncated at maxOutputBytesPerTest ({} bytes), {} messages,"
                            + " stack traces or names truncated at their size limits",
                    outputsTruncated.get(), configuration.maxOutputBytesPerTest, textsTruncated.get());
        }
        log.info(summary(spooled, lost));
        if (configuration.failOnReportingError && (spooled > 0 || lost > 0)) {
            return "Stanterprise: reporting failed (failOnReportingError is true): " + spooled
                    + " events were not delivered and wait in the spool, " + lost + " were lost"
                    + dropReasons(lost) + ".";
        }
        return null;
    }

    private String summary(long spooled, long lost) {
        StringJoiner tests = new StringJoiner(", ");
        for (Map.Entry<TestStatus, Long> count : run.testsByStatus().entrySet()) {
            tests.add(count.getValue() + " " + count.getKey().name().toLowerCase(Locale.ROOT));
        }
        return "Stanterprise: run " + run.id() + ": " + run.events() + " events in " + statistics.batches()
                + " batches (" + statistics.calls() + " calls, " + statistics.retries() + " retries) to "
                + transport.destination() + ", spooled " + spooled + ", lost " + lost + dropReasons(lost)
                + (tests.length() > 0 ? "; tests: " + tests : "");
    }

    private String dropReasons(long lost) {
        if (lost == 0) {
            return "";
        }
        StringJoiner reasons = new StringJoiner(", ", " (", ")");
        statistics.droppedByReason().forEach((reason, count) -> reasons.add(reason + " " + count));
        if (droppedInForks.get() > 0) {
            reasons.add("test JVM buffer full " + droppedInForks.get());
        }
        return reasons.toString();
    }

    /**
     * Written with Gson's streaming writer: protobuf's {@code JsonFormat} (a {@code Struct}, as
     * before) first builds a Gson with all its type adapters, 50 ms of CPU at the end of every
     * build, on its critical path; the writer costs 6 ms (BENCHMARKS.md, Change 21).
     */
    private void writeStatistics(long lost) {
        StringWriter json = new StringWriter();
        try (JsonWriter out = new JsonWriter(json)) {
            out.setIndent("  ");
            out.beginObject();
            out.name("run_id").value(run.id());
            out.name("source_id").value(sourceId);
            out.name("destination").value(transport.destination());
            out.name("events").value(run.events());
            out.name("delivered").value(statistics.eventsDelivered());
            out.name("batches").value(statistics.batches());
            out.name("calls").value(statistics.calls());
            out.name("retries").value(statistics.retries());
            out.name("spooled").value(statistics.spooled());
            out.name("lost").value(lost);
            out.name("fork_connections").value(forkConnections.get());
            out.name("fork_connections_refused").value(server.rejectedConnections());
            out.name("dropped").beginObject();
            for (Map.Entry<String, Long> dropped : statistics.droppedByReason().entrySet()) {
                out.name(dropped.getKey()).value(dropped.getValue());
            }
            if (droppedInForks.get() > 0) {
                out.name("test JVM buffer full").value(droppedInForks.get());
            }
            out.endObject();
            out.name("average_batch_size").value(statistics.averageBatchSize());
            out.name("largest_batch").value(statistics.largestBatch());
            out.name("fork_reads_held_back").value(statistics.heldBack());
            out.name("fork_reads_held_back_ms").value(statistics.heldBackMillis());
            out.name("rpc_latency_p50_ms").value(statistics.latency().quantileMs(0.5));
            out.name("rpc_latency_p95_ms").value(statistics.latency().quantileMs(0.95));
            out.name("tests").beginObject();
            for (Map.Entry<TestStatus, Long> tests : run.testsByStatus().entrySet()) {
                out.name(tests.getKey().name().toLowerCase(Locale.ROOT)).value(tests.getValue());
            }
            out.endObject();
            out.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        try {
            Files.createDirectories(configuration.statisticsFile().getParent());
            Files.write(configuration.statisticsFile(), json.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            log.warn("Stanterprise: could not write {}: {}", configuration.statisticsFile(), e.getMessage());
        }
    }

    private static Path writeSecret(Path directory, String secret) throws IOException {
        Path file;
        try {
            file = Files.createTempFile(directory, "stanterprise-", ".secret",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            file = Files.createTempFile(directory, "stanterprise-", ".secret");
        }
        file.toFile().deleteOnExit();
        try {
            Files.write(file, secret.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return file;
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
