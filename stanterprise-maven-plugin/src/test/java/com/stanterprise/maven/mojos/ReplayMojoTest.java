package com.stanterprise.maven.mojos;

import com.google.protobuf.Timestamp;
import com.stanterprise.aggregator.v1.EncodedEventBatch;
import com.stanterprise.maven.collector.TestCollector;
import com.stanterprise.maven.export.Spool;
import com.stanterprise.testsystem.v1.entities.TestCaseRun;
import com.stanterprise.testsystem.v1.events.TestBeginEventRequest;
import com.stanterprise.testsystem.v1.events.TestRunEndEventRequest;
import com.stanterprise.testsystem.v1.observer.Event;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.DefaultMavenExecutionResult;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static com.stanterprise.maven.Encoded.encoded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code stanterprise:replay} against a real collector, on spool files in a temporary directory. */
class ReplayMojoTest {

    private static final String RUN_ID = "run-1";

    @TempDir
    Path directory;

    private final List<String> warnings = new ArrayList<>();
    private final List<String> infos = new ArrayList<>();
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    private static EncodedEventBatch batch(String sourceId, long first, int count) {
        EncodedEventBatch.Builder batch = EncodedEventBatch.newBuilder().setRunId(RUN_ID).setSourceId(sourceId);
        for (long sequence = first; sequence < first + count; sequence++) {
            batch.addEvents(encoded(Event.newBuilder()
                    .setSequence(sequence)
                    .setEmittedAt(Timestamp.newBuilder().setSeconds(1_700_000_000L + sequence))
                    .setTestBegin(TestBeginEventRequest.newBuilder().setTestCase(TestCaseRun.newBuilder()
                            .setId(sourceId + "-test-" + sequence).setRunId(RUN_ID)))
                    .build()));
        }
        return batch.build();
    }

    /** The spool an earlier build left in {@code spools}, holding the batch. */
    private static Spool spoolLeftBy(Path spools, EncodedEventBatch batch) throws java.io.IOException {
        Spool spool = Spool.forBuild(spools, batch.getSourceId(), Long.MAX_VALUE);
        spool.append(batch);
        spool.close();
        return spool;
    }

    private ReplayMojo mojo(String endpoint, Path spoolDirectory) {
        MavenProject project = new MavenProject();
        project.setFile(directory.resolve("pom.xml").toFile());
        project.getBuild().setDirectory(directory.resolve("target").toString());
        // As on the command line: the goal reads the configuration as the extension does.
        DefaultMavenExecutionRequest request = new DefaultMavenExecutionRequest();
        request.getUserProperties().setProperty("stanterprise.endpoint", endpoint);
        request.getUserProperties().setProperty("stanterprise.spoolDirectory", spoolDirectory.toString());
        request.getUserProperties().setProperty("stanterprise.maxRetries", "0");
        @SuppressWarnings("deprecation")
        MavenSession session = new MavenSession(null, null, request, new DefaultMavenExecutionResult());
        session.setProjects(Collections.singletonList(project));
        ReplayMojo mojo = new ReplayMojo();
        mojo.session = session;
        mojo.setLog(new SystemStreamLog() {
            @Override
            public void warn(CharSequence content) {
                warnings.add(content.toString());
            }

            @Override
            public void info(CharSequence content) {
                infos.add(content.toString());
            }
        });
        return mojo;
    }

    /**
     * {@code mvn verify stanterprise:replay} after the circuit breaker opened: the build's own spool
     * is still open, and the build appends to it and closes it after the replay goal. Replay leaves
     * it to the build, says so, and replays the spools of earlier builds.
     */
    @Test
    void aSpoolARunningBuildHoldsIsSkippedWithAWarningAndTheOthersAreReplayed() throws Exception {
        TestCollector collector = TestCollector.start();
        cleanup.add(collector);
        Path spools = directory.resolve("spool");
        Spool earlier = spoolLeftBy(spools, batch("earlier-build", 1, 3));
        Spool running = Spool.forBuild(spools, "running-build", Long.MAX_VALUE);
        cleanup.add(running);
        running.append(batch("running-build", 1, 2));

        mojo(collector.endpoint(), spools).execute();

        assertEquals(3, collector.acknowledgedThrough("earlier-build"));
        assertEquals(0, collector.acknowledgedThrough("running-build"));
        assertEquals(1, warnings.stream().filter(warning -> warning.contains(running.file().toString())
                && warning.contains("running build")).count(), warnings.toString());
        assertTrue(infos.stream().anyMatch(info -> info.contains("replayed 3 events from 1 spool file(s)")
                && info.contains("1 spool file(s) in use by a running build skipped")), infos.toString());
        assertTrue(!Files.exists(earlier.file()));

        assertTrue(running.append(batch("running-build", 3, 2)), "the build goes on spooling");
        running.close();
        assertEquals(4, Spool.countEvents(running.file()), "nothing the build spooled was lost");
    }

    @Test
    void aFileThatIsNotASpoolIsSkippedTheOthersAreReplayedAndTheGoalFailsNamingIt() throws Exception {
        TestCollector collector = TestCollector.start();
        cleanup.add(collector);
        Path spools = directory.resolve("spool");
        Files.createDirectories(spools);
        Path stray = Files.write(spools.resolve("aaa-stray.spool"), "not a spool".getBytes(StandardCharsets.UTF_8));
        Spool earlier = spoolLeftBy(spools, batch("earlier-build", 1, 3));

        MojoFailureException failure = assertThrows(MojoFailureException.class,
                () -> mojo(collector.endpoint(), spools).execute());

        assertEquals(3, collector.acknowledgedThrough("earlier-build"), "the file after the stray one was replayed");
        assertTrue(failure.getMessage().contains("1 spool file(s) could not be replayed: [" + stray + "]"),
                failure.getMessage());
        assertTrue(warnings.stream().anyMatch(warning -> warning.contains(stray.toString())
                && warning.contains("move it out of " + spools + " or delete it")), warnings.toString());
        assertTrue(Files.exists(stray), "left as found");
    }

    /**
     * A build killed while the collector was away leaves a spool without the run's end: replay
     * delivers it and says the run will show as never ended; a spool with its run end says
     * nothing of the kind.
     */
    @Test
    void aSpoolWithoutItsRunEndIsReplayedAndSaysTheRunWillNotShowAsEnded() throws Exception {
        TestCollector collector = TestCollector.start();
        cleanup.add(collector);
        Path spools = directory.resolve("spool");
        Spool killed = spoolLeftBy(spools, batch("killed-build", 1, 3));
        spoolLeftBy(spools, batch("ended-build", 1, 2).toBuilder().setRunId("run-2")
                .addEvents(encoded(Event.newBuilder().setSequence(3)
                        .setRunEnd(TestRunEndEventRequest.newBuilder().setRunId("run-2")).build()))
                .build());

        mojo(collector.endpoint(), spools).execute();

        assertEquals(3, collector.acknowledgedThrough("killed-build"));
        assertEquals(3, collector.acknowledgedThrough("ended-build"));
        List<String> unended = warnings.stream().filter(warning -> warning.contains("without its run end"))
                .collect(java.util.stream.Collectors.toList());
        assertEquals(1, unended.size(), warnings.toString());
        assertTrue(unended.get(0).contains(killed.file() + " holds run " + RUN_ID), unended.get(0));
    }
}
