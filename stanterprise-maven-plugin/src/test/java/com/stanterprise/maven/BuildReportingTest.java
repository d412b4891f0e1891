package com.stanterprise.maven;

import com.stanterprise.aggregator.v1.EncodedEventBatch;
import com.stanterprise.maven.collector.TestCollector;
import com.stanterprise.maven.configuration.Configuration;
import com.stanterprise.maven.configuration.ConfigurationReader;
import com.stanterprise.maven.export.Spool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One build's reporting with its real parts (fork channel server, exporter, delivery, spool),
 * as a long-lived Maven process (mvnd) sees it: nothing of a build survives into the next, and
 * two builds at once keep apart.
 */
class BuildReportingTest {

    @TempDir
    Path target;

    @Test
    void aFinishedBuildLeavesNoThreadSocketOrSecretBehind() throws Exception {
        Set<Thread> before = stanterpriseThreads();
        BuildReporting reporting = BuildReporting.start(configuration(Collections.emptyMap()),
                LoggerFactory.getLogger("test"), "build", Collections.emptyMap());
        reporting.executionStarted("g:a:maven-surefire-plugin:test:default-test", "a (surefire:test)", "g:a");
        Map<String, String> fork = reporting.forkProperties("g:a:maven-surefire-plugin:test:default-test");
        Path secret = Paths.get(fork.get("stanterprise.secretFile"));
        assertTrue(Files.exists(secret));
        String[] channel = fork.get("stanterprise.channel").split(":");
        forkThatSaysGoodbye(reporting, "g:a:maven-surefire-plugin:test:default-test");

        reporting.executionEnded("g:a:maven-surefire-plugin:test:default-test", true);
        assertNull(reporting.finish(true));
        assertNull(reporting.finish(true), "a second finish (the shutdown hook) does nothing");

        assertFalse(Files.exists(secret), "the secret file is gone");
        long deadline = System.currentTimeMillis() + 5_000;
        Set<Thread> left;
        do {
            left = stanterpriseThreads();
            left.removeAll(before);
            left.removeIf(thread -> !thread.isAlive());
        } while (!left.isEmpty() && System.currentTimeMillis() < deadline && sleep());
        assertTrue(left.isEmpty(), "threads left behind: " + left);
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(channel[0], Integer.parseInt(channel[1])), 1_000);
            throw new AssertionError("the fork channel still listens");
        } catch (java.io.IOException expected) {
            // refused: the server socket is closed
        }
        assertTrue(Files.exists(target.resolve("stanterprise/events.jsonl")), "the file sink got the run");
    }

    /**
     * Ctrl-C while the build's reporting starts, on a thread of its own while Maven goes on: the
     * JVM, already shutting down, refuses the shutdown hook, the start's last step. Under mvnd the
     * next build runs in the same JVM: nothing the failed start had opened may stay.
     */
    @ParameterizedTest(name = "to a collector: {0}")
    @ValueSource(booleans = {false, true})
    void aStartThatFailsAtItsLastStepLeavesNoThreadSocketOrFileBehind(boolean toACollector) throws Exception {
        // A collector that takes the connection and never answers: the health check would run for a minute.
        try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Map<String, String> pom = new HashMap<>();
            if (toACollector) {
                pom.put("endpoint", "127.0.0.1:" + silent.getLocalPort());
                pom.put("spoolDirectory", target.resolve("spool").toString());
                pom.put("grpcTimeoutMs", "60000");
            }
            // This start's alone: java.io.tmpdir holds the files of every build on the machine.
            Path temporary = Files.createDirectory(target.resolve("tmp"));
            Set<Thread> before = stanterpriseThreads();
            Set<String> startedThreads = new HashSet<>();
            List<String> temporaryFiles = new java.util.ArrayList<>();
            IllegalStateException shuttingDown = new IllegalStateException("Shutdown in progress");
            BuildReporting.ShutdownHooks refused = new BuildReporting.ShutdownHooks() {
                @Override
                public void add(Thread hook) {
                    // What the start had opened by then.
                    for (Thread thread : stanterpriseThreads()) {
                        if (!before.contains(thread) && thread.isAlive()) {
                            startedThreads.add(thread.getName().replaceAll("-[0-9-]+$", ""));
                        }
                    }
                    try (java.util.stream.Stream<Path> files = Files.list(temporary)) {
                        files.forEach(file -> temporaryFiles.add(file.getFileName().toString()
                                .replaceAll("-[0-9]+\\.", ".")));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    throw shuttingDown; // as Runtime.addShutdownHook once the JVM shuts down
                }

                @Override
                public void remove(Thread hook) {
                    throw new AssertionError("never added");
                }
            };
            List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();

            IllegalStateException failure = assertThrows(IllegalStateException.class, () -> BuildReporting.start(
                    configuration(pom), RecordingLogger.of(log), "build", Collections.emptyMap(), refused, temporary));

            assertSame(shuttingDown, failure, "the start's own failure, for ReportingStart to log");
            assertTrue(startedThreads.containsAll(toACollector
                    ? java.util.Arrays.asList("stanterprise-exporter", "stanterprise-fork-channel",
                            "stanterprise-heartbeat", "stanterprise-health-check")
                    : java.util.Arrays.asList("stanterprise-exporter", "stanterprise-fork-channel",
                            "stanterprise-heartbeat")), "started: " + startedThreads);
            assertEquals(toACollector ? Collections.singletonList("stanterprise.secret")
                            : java.util.Arrays.asList("stanterprise-events.jsonl", "stanterprise.secret"),
                    temporaryFiles.stream().sorted().collect(Collectors.toList()));
            Set<Thread> left;
            long deadline = System.currentTimeMillis() + 5_000;
            do {
                left = stanterpriseThreads();
                left.removeAll(before);
                left.removeIf(thread -> !thread.isAlive());
            } while (!left.isEmpty() && System.currentTimeMillis() < deadline && sleep());
            // The fork channel's acceptor among them: it ends only once its server socket is closed.
            assertTrue(left.isEmpty(), "threads left behind: " + left);
            try (java.util.stream.Stream<Path> files = Files.list(temporary)) {
                assertEquals(Collections.emptyList(), files.collect(Collectors.toList()),
                        "the secret file and the file sink's are gone");
            }
            assertTrue(log.stream().noneMatch(line -> line.startsWith("WARN")), log.toString());
        }
    }

    /**
     * The start fails early, after the secret file is written: the CA file that the configuration
     * found was removed (or rotated away) before the start read it.
     */
    @Test
    void aStartThatCannotReadTheTrustedCertificatesLeavesNoSecretBehind() throws Exception {
        Path certificate = Files.copy(TestCollector.certificate(), target.resolve("ca.pem"));
        Map<String, String> pom = new HashMap<>();
        pom.put("endpoint", "127.0.0.1:50051");
        pom.put("tls", "true");
        pom.put("trustCertCollectionFile", certificate.toString());
        Configuration configuration = configuration(pom);
        Files.delete(certificate);
        Path temporary = Files.createDirectory(target.resolve("tmp"));

        assertThrows(java.io.FileNotFoundException.class, () -> BuildReporting.start(configuration,
                LoggerFactory.getLogger("test"), "build", Collections.emptyMap(), hooksIn(new java.util.ArrayList<>()),
                temporary));

        try (java.util.stream.Stream<Path> files = Files.list(temporary)) {
            assertEquals(Collections.emptyList(), files.collect(Collectors.toList()), "the secret file is gone");
        }
    }

    @Test
    void theStartOfTheBuildDoesNotWaitForTheCollectorsHealthCheck() throws Exception {
        // A collector that takes the connection and never answers: the check runs to its deadline.
        try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Map<String, String> pom = new HashMap<>();
            pom.put("endpoint", "127.0.0.1:" + silent.getLocalPort());
            pom.put("spoolDirectory", target.resolve("spool").toString());
            // Shorter than the check's own deadlines (5 s to connect, 2 s for the call) and the
            // 5 s the end keeps for spooling after this: the end must not wait for the check.
            pom.put("shutdownTimeoutMs", "100");
            BuildReporting reporting = BuildReporting.start(configuration(pom), LoggerFactory.getLogger("test"),
                    "build", Collections.emptyMap());

            assertTrue(stanterpriseThreads().stream().anyMatch(thread -> thread.isAlive()
                    && thread.getName().equals("stanterprise-health-check")), "the check runs while Maven goes on");

            // Nor do the tests: the first batch waits for the answer. No collector, so the run goes to the spool.
            reporting.executionStarted("k", "a (surefire:test)", "g:a");
            assertTrue(stanterpriseThreads().stream().anyMatch(thread -> thread.isAlive()
                    && thread.getName().equals("stanterprise-health-check")), "the tests start before the answer");
            forkThatSaysGoodbye(reporting, "k");
            reporting.executionEnded("k", true);
            assertNull(reporting.finish(true));
            // Spooled by the time the end returns, not by a worker that still waits for the check.
            try (java.util.stream.Stream<Path> spools = Files.list(target.resolve("spool"))) {
                assertEquals(1, spools.filter(file -> file.toString().endsWith(".spool")).count(),
                        "the run was spooled from the start");
            }
            String stats = Files.readString(target.resolve("stanterprise/stats.json"));
            assertTrue(stats.contains("\"lost\": 0"), stats);
        }
    }

    @Test
    void aConnectionWithoutTheSecretIsCountedInTheStatistics() throws Exception {
        BuildReporting reporting = BuildReporting.start(configuration(Collections.emptyMap()),
                LoggerFactory.getLogger("test"), "build", Collections.emptyMap());
        reporting.executionStarted("k", "a (surefire:test)", "g:a");
        String[] channel = reporting.forkProperties("k").get("stanterprise.channel").split(":");
        try (java.net.Socket intruder = new java.net.Socket(channel[0], Integer.parseInt(channel[1]))) {
            com.stanterprise.fork.v1.ForkFrame.newBuilder()
                    .setHello(com.stanterprise.fork.v1.Hello.newBuilder().setProtocolVersion(1).setSecret("guess"))
                    .build().writeDelimitedTo(intruder.getOutputStream());
            assertEquals(-1, intruder.getInputStream().read(), "closed without a welcome");
        }
        forkThatSaysGoodbye(reporting, "k");
        reporting.executionEnded("k", true);
        reporting.finish(true);
        String stats = new String(Files.readAllBytes(target.resolve("stanterprise/stats.json")),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(stats.contains("\"fork_connections_refused\": 1,"), stats);
    }

    /** mvn install -DskipTests: the Surefire mojo starts and ends, with no test JVM and no report. */
    @Test
    void aBuildWhoseExecutionsRanNoTestsReportsNoRun() throws Exception {
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        BuildReporting reporting = startedWithReports(log);
        reporting.executionEnded("k", true);

        assertNull(reporting.finish(true));

        assertFalse(Files.exists(target.resolve("stanterprise/events.jsonl"))
                        && Files.size(target.resolve("stanterprise/events.jsonl")) > 0,
                "the file sink got a run");
        assertTrue(log.stream().anyMatch(line -> line.startsWith("INFO Stanterprise: no tests ran; run ")), log.toString());
    }

    /**
     * Two Surefire executions share a module's reports directory; the first wrote its last report
     * in the second the next one began, and the next one ran no test JVM (nothing to run, or all
     * skipped): the first one's tests are not taken for the second's.
     */
    @Test
    void anotherExecutionsReportWrittenJustBeforeThisOneBeganIsNotTakenForItsTests() throws Exception {
        surefireReport(reports());
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        BuildReporting reporting = startedWithReports(log);
        reporting.executionEnded("k", true);

        assertNull(reporting.finish(true), "no run: the execution ran no test");

        assertTrue(log.stream().noneMatch(line -> line.contains("Surefire's reports")), log.toString());
        assertTrue(log.stream().anyMatch(line -> line.startsWith("INFO Stanterprise: no tests ran; run ")), log.toString());
    }

    @Test
    void aBuildThatReportsNoRunStillSaysThatATestJvmWasRefused() throws Exception {
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        BuildReporting reporting = startedWithReports(log);
        forkThatIsRefused(reporting, "k");
        reporting.executionEnded("k", true);

        assertNull(reporting.finish(true));

        assertTrue(log.stream().anyMatch(line -> line.startsWith("WARN Stanterprise: 1 connection(s) to the fork channel"
                + " were closed unread")), log.toString());
    }

    @Test
    void twoBuildsAtOnceKeepTheirOwnSpools() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        Map<String, String> pom = new HashMap<>();
        pom.put("endpoint", "127.0.0.1:" + deadPort);
        BuildReporting first = BuildReporting.start(configuration(pom), LoggerFactory.getLogger("first"), "first",
                Collections.emptyMap());
        BuildReporting second = BuildReporting.start(configuration(pom), LoggerFactory.getLogger("second"), "second",
                Collections.emptyMap());
        first.executionStarted("k1", "one", "g:one");
        second.executionStarted("k2", "two", "g:two");
        forkThatSaysGoodbye(first, "k1");
        forkThatSaysGoodbye(second, "k2");
        first.executionEnded("k1", true);
        second.executionEnded("k2", true);
        first.finish(true);
        second.finish(true);

        List<Path> files = Spool.files(target.resolve("stanterprise/spool"));
        assertEquals(2, files.size(), "one spool file per build: " + files);
        Set<String> runs = new HashSet<>();
        for (Path file : files) {
            Spool spool = Spool.open(file);
            Set<String> runIds = new HashSet<>();
            Set<String> sources = new HashSet<>();
            EncodedEventBatch batch;
            while ((batch = spool.peek()) != null) {
                runIds.add(batch.getRunId());
                sources.add(batch.getSourceId());
                spool.remove();
            }
            assertEquals(1, runIds.size(), "one run per spool file");
            assertEquals(1, sources.size(), "one source per spool file");
            assertTrue(file.getFileName().toString().startsWith(sources.iterator().next()));
            runs.addAll(runIds);
        }
        assertEquals(2, runs.size(), "the two builds' runs did not mix");
    }

    /**
     * Ctrl-C while the build's end waits for a slow collector: the JVM halts as soon as the
     * shutdown hook returns, so the hook must wait for the finish under way to spool what is
     * queued and print the summary, instead of finding the work started and returning at once.
     */
    @Test
    void ctrlCWhileTheBuildsEndWaitsForTheCollectorSpoolsWhatIsQueuedBeforeTheJvmHalts() throws Exception {
        try (TestCollector collector = TestCollector.start()) {
            // It takes every batch and answers none in time; its health service answers at once.
            collector.setLatency(java.time.Duration.ofMinutes(5));
            Map<String, String> pom = toCollector(collector);
            pom.put("grpcTimeoutMs", "2000");
            pom.put("shutdownTimeoutMs", "1500");
            List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
            List<Thread> hooks = new java.util.concurrent.CopyOnWriteArrayList<>();
            BuildReporting reporting = BuildReporting.start(configuration(pom), RecordingLogger.of(log), "build",
                    Collections.emptyMap(), hooksIn(hooks), target);
            reporting.executionStarted("k", "a (surefire:test)", "g:a");
            // An execution that failed without a test JVM is reported: run start, ROOT begin, its begin and end.
            reporting.executionEnded("k", false);
            Path secret = Paths.get(reporting.forkProperties("k").get("stanterprise.secretFile"));

            Thread maven = new Thread(() -> reporting.finish(false), "maven");
            maven.start();
            // The finish deletes the secret once the run has ended, just before it drains the queue.
            long deadline = System.currentTimeMillis() + 20_000;
            while (Files.exists(secret) && System.currentTimeMillis() < deadline && sleep()) {
                // waiting for the build's end to get under way
            }
            assertFalse(Files.exists(secret), "the build's end got under way");
            assertEquals(1, hooks.size());
            Thread hook = hooks.get(0);
            hook.start(); // Ctrl-C: the JVM runs its shutdown hooks, and halts when they return
            hook.join(60_000);
            assertFalse(hook.isAlive(), "the hook returned");

            List<Path> spools = Spool.files(target.resolve("spool"));
            assertEquals(1, spools.size(), "the queued events were spooled before the hook returned: " + log);
            assertEquals(6, Spool.countEvents(spools.get(0)), "the run's six events: " + log);
            assertTrue(Files.exists(target.resolve("stanterprise/stats.json")), "stats.json was written");
            assertTrue(log.stream().anyMatch(line -> line.startsWith("INFO Stanterprise: run ")
                    && line.contains("spooled 6, lost 0")), "the summary was printed: " + log);
            assertTrue(log.contains("INFO Stanterprise: delivering 6 queued or spooled events to collector " + collector.endpoint()
                    + " (batches), for at most shutdownTimeoutMs (1500 ms)."), "the long wait was announced: " + log);
            maven.join(60_000);
        }
    }

    /**
     * At the build's end (or on Ctrl-C) a test JVM's connection may be held back by a full queue:
     * the run's end lets it go before the fork channel closes, instead of the close waiting two
     * seconds for it, and the batch it was handing over, too late for the run, counts as lost.
     */
    @Test
    void aConnectionHeldBackByAFullQueueAtTheBuildsEndIsLetGoAndItsBatchCountsAsLost() throws Exception {
        try (TestCollector collector = TestCollector.start()) {
            // The worker's first call hangs, and every retry: nothing leaves the queue until the end.
            collector.setLatency(java.time.Duration.ofMinutes(5));
            Map<String, String> pom = toCollector(collector);
            pom.put("grpcTimeoutMs", "3000");
            pom.put("maxRetries", "100");
            pom.put("circuitBreakerThreshold", "100");
            pom.put("shutdownTimeoutMs", "500");
            pom.put("batchSize", "1");
            pom.put("maxQueueBytes", "10000");
            BuildReporting reporting = BuildReporting.start(configuration(pom), LoggerFactory.getLogger("test"), "build",
                    Collections.emptyMap(), hooksIn(new java.util.concurrent.CopyOnWriteArrayList<>()), target);
            reporting.executionStarted("k", "a (surefire:test)", "g:a");
            try (java.net.Socket fork = welcomedFork(reporting, "k")) {
                // 15 kB: the queue is over its bound once the worker has taken the first event.
                outputs(15).writeDelimitedTo(fork.getOutputStream());
                outputs(2).writeDelimitedTo(fork.getOutputStream());
                Thread reader = awaitThreadIn("stanterprise-fork-", "awaitRoom");

                Thread maven = new Thread(() -> reporting.finish(false), "maven");
                maven.start();
                reader.join(1_500);
                assertFalse(reader.isAlive(), "the connection was let go at the run's end, not after the channel's"
                        + " close waited for it");
                maven.join(60_000);
            }
            String stats = new String(Files.readAllBytes(target.resolve("stanterprise/stats.json")),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(stats.contains("\"sent after the run's end\": 2"), stats);
        }
    }

    /** A test JVM's connection to the fork channel, welcomed. */
    private static java.net.Socket welcomedFork(BuildReporting reporting, String executionKey) throws Exception {
        Map<String, String> properties = reporting.forkProperties(executionKey);
        String[] channel = properties.get("stanterprise.channel").split(":");
        java.net.Socket socket = new java.net.Socket(channel[0], Integer.parseInt(channel[1]));
        String secret = new String(Files.readAllBytes(Paths.get(properties.get("stanterprise.secretFile"))),
                java.nio.charset.StandardCharsets.UTF_8);
        com.stanterprise.fork.v1.ForkFrame.newBuilder()
                .setHello(com.stanterprise.fork.v1.Hello.newBuilder().setProtocolVersion(1).setSecret(secret)
                        .setExecutionKey(executionKey).setPid(4242))
                .build().writeDelimitedTo(socket.getOutputStream());
        com.stanterprise.fork.v1.Welcome.parseDelimitedFrom(socket.getInputStream());
        return socket;
    }

    /** A batch of {@code count} lines of output of 1,000 characters each. */
    private static com.stanterprise.fork.v1.ForkFrame outputs(int count) {
        com.stanterprise.fork.v1.ForkBatch.Builder batch = com.stanterprise.fork.v1.ForkBatch.newBuilder();
        char[] line = new char[1_000];
        java.util.Arrays.fill(line, 'x');
        for (int i = 1; i <= count; i++) {
            batch.addEvents(com.stanterprise.testsystem.v1.observer.Event.newBuilder().setSequence(i)
                    .setStdOutput(com.stanterprise.testsystem.v1.events.StdOutputEventRequest.newBuilder()
                            .setTestId("test").setMessage(new String(line))));
        }
        return com.stanterprise.fork.v1.ForkFrame.newBuilder().setBatch(batch).build();
    }

    /** The thread whose name starts so, once it runs in a method of that name. */
    private static Thread awaitThreadIn(String namePrefix, String method) {
        long deadline = System.currentTimeMillis() + 20_000;
        do {
            for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
                if (thread.getKey().getName().startsWith(namePrefix)
                        && java.util.Arrays.stream(thread.getValue()).anyMatch(frame -> frame.getMethodName().equals(method))) {
                    return thread.getKey();
                }
            }
        } while (System.currentTimeMillis() < deadline && sleep());
        throw new AssertionError("no thread " + namePrefix + "* in " + method);
    }

    /**
     * A bug of the extension's on a test JVM's batch is logged with its cause, its events are
     * counted as lost, and the JVM, which goes on and says goodbye, is not taken for dead.
     */
    @Test
    void aBugOnATestJvmsBatchIsLoggedWithItsCauseAndTheJvmIsNotTakenForDead() throws Exception {
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        BuildReporting reporting = startedWithReports(log);
        try (java.net.Socket fork = welcomedFork(reporting, "k")) {
            // As the fork channel reports a RuntimeException out of forkEvents.
            reporting.forkEventsFailed("fork-1", Encoded.encoded(outputs(3).getBatch().getEventsList()),
                    new IllegalStateException("a bug"));
            com.stanterprise.fork.v1.ForkFrame.newBuilder()
                    .setGoodbye(com.stanterprise.fork.v1.Goodbye.getDefaultInstance())
                    .build().writeDelimitedTo(fork.getOutputStream());
            assertEquals(-1, fork.getInputStream().read(), "closed after the goodbye");
        }
        reporting.executionEnded("k", true);
        reporting.finish(true);

        assertTrue(log.contains("WARN Stanterprise: the extension failed on a batch of test JVM fork-1, pid 4242, a bug"
                + " of the extension's and not of the test JVM (please report it): 3 of its 3 event(s) are lost and"
                + " counted; the JVM's later batches go on. | java.lang.IllegalStateException: a bug"), log.toString());
        assertTrue(log.stream().noneMatch(line -> line.contains("without saying goodbye")), log.toString());
        String stats = new String(Files.readAllBytes(target.resolve("stanterprise/stats.json")),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(stats.contains("\"the extension failed\": 3"), stats);
    }

    /** Hooks go to the list: the test runs them as the JVM would. */
    private static BuildReporting.ShutdownHooks hooksIn(List<Thread> hooks) {
        return new BuildReporting.ShutdownHooks() {
            @Override
            public void add(Thread hook) {
                hooks.add(hook);
            }

            @Override
            public void remove(Thread hook) {
                hooks.remove(hook);
            }
        };
    }

    /** Reporting to the file sink, its log recorded, one execution "k" whose reports go to {@link #reports()}. */
    private BuildReporting startedWithReports(List<String> log) throws Exception {
        BuildReporting reporting = BuildReporting.start(configuration(Collections.emptyMap()), RecordingLogger.of(log), "build",
                Collections.emptyMap());
        reporting.executionStarted("k", "ledger (surefire:test)", "g:ledger", reports());
        return reporting;
    }

    private Path reports() {
        return target.resolve("surefire-reports");
    }

    /**
     * A test JVM that cannot connect (a refused connection here, a wrong port or secret in a
     * build) sends nothing, while Surefire still reports its tests: the log says so, naming the
     * execution, and the tests are taken from Surefire's reports.
     */
    @Test
    void anExecutionWhoseForksNeverConnectedIsNamedInTheLogAndItsTestsComeFromSurefiresReports() throws Exception {
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        BuildReporting reporting = startedWithReports(log);
        forkThatIsRefused(reporting, "k");
        surefireReport(reports());
        reporting.executionEnded("k", false);
        reporting.finish(false);

        assertTrue(log.contains("WARN Stanterprise: no test JVM of ledger (surefire:test) connected to the fork channel,"
                + " yet Surefire reports 2 test(s) for it (1 connection(s) refused); its events are lost, its tests are"
                + " taken from Surefire's reports."), log.toString());
        assertTrue(log.contains("INFO Stanterprise: 2 test(s) of ledger (surefire:test) taken from Surefire's reports in "
                + reports() + " (metadata source=surefire-report): their events never arrived from the test JVM."),
                log.toString());
        List<com.stanterprise.testsystem.v1.entities.TestCaseRun> ended = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(target.resolve("stanterprise/events.jsonl"))) {
            com.stanterprise.testsystem.v1.observer.Event event = com.stanterprise.maven.export.FileSink.parse(line);
            if (event.hasTestEnd()) {
                ended.add(event.getTestEnd().getTestCase());
            }
        }
        assertEquals(2, ended.size(), ended.toString());
        assertEquals("balances", ended.get(0).getName());
        assertEquals(com.stanterprise.testsystem.v1.common.TestStatus.PASSED, ended.get(0).getStatus());
        assertEquals("rounds", ended.get(1).getName());
        assertEquals(com.stanterprise.testsystem.v1.common.TestStatus.FAILED, ended.get(1).getStatus());
        assertEquals("off by one", ended.get(1).getErrorMessage());
    }

    @Test
    void aHealthyExecutionsReportsAreNotRead() throws Exception {
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        BuildReporting reporting = startedWithReports(log);
        surefireReport(reports());
        forkThatSaysGoodbye(reporting, "k");
        reporting.executionEnded("k", true);
        reporting.finish(true);

        assertTrue(log.stream().noneMatch(line -> line.contains("Surefire's reports")),
                "a fork that said goodbye sent everything: " + log);
    }

    @Test
    void aRefusedForkBesideOneThatGotInIsNamedInTheLog() throws Exception {
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>();
        BuildReporting reporting = startedWithReports(log);
        forkThatSaysGoodbye(reporting, "k");
        forkThatIsRefused(reporting, "k");
        surefireReport(reports());
        reporting.executionEnded("k", false);
        reporting.finish(false);

        assertTrue(log.contains("WARN Stanterprise: 1 connection(s) to the fork channel were refused while ledger"
                + " (surefire:test) ran, and 2 test(s) Surefire reports never arrived from a test JVM."), log.toString());
        assertTrue(log.stream().anyMatch(line -> line.startsWith("INFO Stanterprise: 2 test(s) of ledger (surefire:test)"
                + " taken from Surefire's reports")), log.toString());
    }

    /** A test JVM of the execution that proves it belongs to the build, sends nothing and says goodbye. */
    private static void forkThatSaysGoodbye(BuildReporting reporting, String executionKey) throws Exception {
        Map<String, String> fork = reporting.forkProperties(executionKey);
        String[] channel = fork.get("stanterprise.channel").split(":");
        try (java.net.Socket socket = new java.net.Socket(channel[0], Integer.parseInt(channel[1]))) {
            String secret = new String(Files.readAllBytes(Paths.get(fork.get("stanterprise.secretFile"))),
                    java.nio.charset.StandardCharsets.UTF_8);
            com.stanterprise.fork.v1.ForkFrame.newBuilder()
                    .setHello(com.stanterprise.fork.v1.Hello.newBuilder().setProtocolVersion(1).setSecret(secret)
                            .setExecutionKey(executionKey))
                    .build().writeDelimitedTo(socket.getOutputStream());
            com.stanterprise.fork.v1.Welcome.parseDelimitedFrom(socket.getInputStream());
            com.stanterprise.fork.v1.ForkFrame.newBuilder()
                    .setGoodbye(com.stanterprise.fork.v1.Goodbye.getDefaultInstance())
                    .build().writeDelimitedTo(socket.getOutputStream());
            assertEquals(-1, socket.getInputStream().read(), "closed after the goodbye");
        }
    }

    /** A test JVM of the execution with the wrong secret: refused before anything it sends is read. */
    private static void forkThatIsRefused(BuildReporting reporting, String executionKey) throws Exception {
        String[] channel = reporting.forkProperties(executionKey).get("stanterprise.channel").split(":");
        try (java.net.Socket fork = new java.net.Socket(channel[0], Integer.parseInt(channel[1]))) {
            com.stanterprise.fork.v1.ForkFrame.newBuilder()
                    .setHello(com.stanterprise.fork.v1.Hello.newBuilder().setProtocolVersion(1).setSecret("wrong")
                            .setExecutionKey(executionKey))
                    .build().writeDelimitedTo(fork.getOutputStream());
            assertEquals(-1, fork.getInputStream().read(), "refused");
        }
    }

    /** What Surefire writes while the execution runs, from what its forks told it over its own channel. */
    private static void surefireReport(Path reports) throws Exception {
        Files.createDirectories(reports);
        Files.write(reports.resolve("TEST-com.example.LedgerTest.xml"), ("<testsuite name=\"com.example.LedgerTest\">"
                + "<testcase name=\"balances\" classname=\"com.example.LedgerTest\" time=\"0.01\"/>"
                + "<testcase name=\"rounds\" classname=\"com.example.LedgerTest\" time=\"0.02\">"
                + "<failure message=\"off by one\" type=\"java.lang.AssertionError\">java.lang.AssertionError</failure>"
                + "</testcase></testsuite>").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The pom's configuration for a build that reports to the collector and spools under target. */
    private Map<String, String> toCollector(TestCollector collector) {
        Map<String, String> pom = new HashMap<>();
        pom.put("endpoint", collector.endpoint());
        pom.put("spoolDirectory", target.resolve("spool").toString());
        return pom;
    }

    private Configuration configuration(Map<String, String> pom) throws Exception {
        return new ConfigurationReader(pom::get, new Properties(), Collections.emptyMap(),
                target.resolve("stanterprise")).read();
    }

    private static Set<Thread> stanterpriseThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("stanterprise"))
                .collect(Collectors.toCollection(HashSet::new));
    }

    private static boolean sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }
}
