package com.stanterprise.maven;

import com.stanterprise.aggregator.v1.EncodedEventBatch;
import com.stanterprise.maven.configuration.Configuration;
import com.stanterprise.maven.configuration.ConfigurationReader;
import com.stanterprise.maven.export.Spool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
        reporting.executionEnded("k", true);
        reporting.finish(true);
        String stats = new String(Files.readAllBytes(target.resolve("stanterprise/stats.json")),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(stats.contains("\"fork_connections_refused\": 1.0"), stats);
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
