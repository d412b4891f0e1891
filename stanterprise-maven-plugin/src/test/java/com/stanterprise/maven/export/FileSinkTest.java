package com.stanterprise.maven.export;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.stanterprise.aggregator.v1.EncodedEventBatch;
import com.stanterprise.testsystem.v1.common.TestStatus;
import com.stanterprise.testsystem.v1.entities.SuiteType;
import com.stanterprise.testsystem.v1.entities.TestCaseRun;
import com.stanterprise.testsystem.v1.entities.TestSuiteRun;
import com.stanterprise.testsystem.v1.events.ReportRunStartEventRequest;
import com.stanterprise.testsystem.v1.events.StdOutputEventRequest;
import com.stanterprise.testsystem.v1.events.TestEndEventRequest;
import com.stanterprise.testsystem.v1.events.TestRunEndEventRequest;
import com.stanterprise.testsystem.v1.observer.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static com.stanterprise.maven.Encoded.encoded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileSinkTest {

    @TempDir
    Path directory;

    private static Event runStart() {
        TestSuiteRun root = TestSuiteRun.newBuilder().setId("root").setName("ledger").setType(SuiteType.ROOT)
                .setRunId("run-1").setStatus(TestStatus.RUNNING)
                .setStartTime(Timestamp.newBuilder().setSeconds(1_740_823_200L).setNanos(123_000_000)).build();
        return Event.newBuilder().setSequence(1)
                .setEmittedAt(Timestamp.newBuilder().setSeconds(1_740_823_200L))
                .setRunStart(ReportRunStartEventRequest.newBuilder().setRunId("run-1").setName("ledger")
                        .addTestSuites(root).putMetadata("goals", "verify"))
                .build();
    }

    private static Event testEnd() {
        return Event.newBuilder().setSequence(2)
                .setTestEnd(TestEndEventRequest.newBuilder().setTestCase(TestCaseRun.newBuilder()
                        .setId("t-1").setName("addsUp()").setRunId("run-1").setStatus(TestStatus.FAILED)
                        .setErrorMessage("expected: <2>\nbut was: <3>")
                        .setStackTrace("org.opentest4j.AssertionFailedError\n\tat LedgerTest.addsUp(LedgerTest.java:12)")
                        .addTags("fast").putMetadata("class", "com.example.LedgerTest")))
                .build();
    }

    private static Event output() {
        return Event.newBuilder().setSequence(3)
                .setStdOutput(StdOutputEventRequest.newBuilder().setRunId("run-1").setTestId("t-1")
                        .setMessage("Grüße, \"quoted\" \u2603\r\nsecond line"))
                .build();
    }

    private static Event runEnd() {
        return Event.newBuilder().setSequence(4)
                .setRunEnd(TestRunEndEventRequest.newBuilder().setRunId("run-1").setFinalStatus(TestStatus.FAILED))
                .build();
    }

    private static EncodedEventBatch batch(List<Event> events) {
        return EncodedEventBatch.newBuilder().setRunId("run-1").setSourceId("source-1").addAllEvents(encoded(events)).build();
    }

    @Test
    void isALocalSink() throws IOException {
        FileSink sink = new FileSink(directory.resolve("events.jsonl"));
        try {
            assertFalse(sink.remote(), "a local sink is neither retried nor spooled");
        } finally {
            sink.close();
        }
    }

    @Test
    void writesOneJsonObjectPerLineThatParsesBackToTheEvent() throws Exception {
        Path target = directory.resolve("target/stanterprise/events.jsonl");
        List<Event> events = Arrays.asList(runStart(), testEnd(), output(), runEnd());
        FileSink sink = new FileSink(target);

        assertEquals(0, sink.send(batch(events.subList(0, 2)), 1000));
        assertEquals(0, sink.send(batch(events.subList(2, 4)), 1000));
        sink.close();

        List<String> lines = Files.readAllLines(target, StandardCharsets.UTF_8);
        assertEquals(events.size(), lines.size());
        List<Event> parsed = new ArrayList<>();
        for (String line : lines) {
            assertTrue(line.startsWith("{") && line.endsWith("}"), line);
            parsed.add(FileSink.parse(line));
        }
        assertEquals(events, parsed);
    }

    @Test
    void theFileIsMovedIntoPlaceAtClose() throws Exception {
        Path target = directory.resolve("not/yet/there/events.jsonl");
        FileSink sink = new FileSink(target);

        sink.send(batch(Collections.singletonList(runStart())), 1000);
        assertFalse(Files.exists(target), "nothing at the target before the end of the build");
        sink.close();

        assertTrue(Files.isRegularFile(target));
        assertEquals(1, Files.readAllLines(target, StandardCharsets.UTF_8).size());
    }

    @Test
    void survivesTheTargetFolderBeingDeletedDuringTheBuild() throws Exception {
        Path target = directory.resolve("target/stanterprise/events.jsonl");
        Files.createDirectories(target.getParent());
        FileSink sink = new FileSink(target);
        sink.send(batch(Collections.singletonList(runStart())), 1000);

        // mvn clean verify: clean deletes target after the sink was created
        Files.delete(target.getParent());
        Files.delete(target.getParent().getParent());
        sink.send(batch(Collections.singletonList(runEnd())), 1000);
        sink.close();

        List<String> lines = Files.readAllLines(target, StandardCharsets.UTF_8);
        assertEquals(Arrays.asList(runStart(), runEnd()),
                Arrays.asList(FileSink.parse(lines.get(0)), FileSink.parse(lines.get(1))));
    }

    @Test
    void replacesTheFileOfAnEarlierBuild() throws Exception {
        Path target = directory.resolve("events.jsonl");
        Files.write(target, Arrays.asList("old", "lines", "from", "before"), StandardCharsets.UTF_8);
        FileSink sink = new FileSink(target);

        sink.send(batch(Collections.singletonList(runEnd())), 1000);
        sink.close();

        List<String> lines = Files.readAllLines(target, StandardCharsets.UTF_8);
        assertEquals(1, lines.size());
        assertEquals(runEnd(), FileSink.parse(lines.get(0)));
    }

    @Test
    void aBuildThatWroteNothingCreatesNoFile() throws IOException {
        Path target = directory.resolve("target/stanterprise/events.jsonl");
        FileSink sink = new FileSink(target);

        sink.close();

        assertFalse(Files.exists(target));
    }

    @Test
    void aBuildThatWroteNothingLeavesThePreviousFileAlone() throws IOException {
        Path target = directory.resolve("events.jsonl");
        List<String> previous = Arrays.asList("{\"sequence\":\"1\"}", "{\"sequence\":\"2\"}");
        Files.write(target, previous, StandardCharsets.UTF_8);
        FileSink sink = new FileSink(target);

        sink.close();

        assertEquals(previous, Files.readAllLines(target, StandardCharsets.UTF_8));
    }

    @Test
    void destinationNamesTheFile() throws IOException {
        Path target = directory.resolve("events.jsonl");
        FileSink sink = new FileSink(target);
        try {
            assertTrue(sink.destination().contains(target.toString()), sink.destination());
        } finally {
            sink.close();
        }
    }

    @Test
    void parseRejectsWhatIsNotAnEvent() {
        assertThrows(InvalidProtocolBufferException.class, () -> FileSink.parse("{\"noSuchField\": 1}"));
        assertThrows(InvalidProtocolBufferException.class, () -> FileSink.parse("not json"));
    }

    @Test
    void theFileUsesProtobufsJsonNames() throws Exception {
        Path target = directory.resolve("events.jsonl");
        FileSink sink = new FileSink(target);
        sink.send(batch(Collections.singletonList(runStart())), 1000);
        sink.close();

        String line = Files.readAllLines(target, StandardCharsets.UTF_8).get(0);

        assertTrue(line.contains("\"runStart\""), line);
        assertTrue(line.contains("\"runId\":\"run-1\""), line);
        assertTrue(line.contains("\"sequence\":\"1\""), line);
    }

    /**
     * Two builds of one project at once, with the same events.jsonl: each writes its own file
     * while its tests run, and the end of each puts its run in place whole. Whichever ends last,
     * the file holds one run, every event of it in order, and nothing of the other; a reader
     * that looks while they end never sees a mixed or half-written file.
     */
    @Test
    void twoBuildsAtOnceNeverMixTheirEventsInTheFile() throws Exception {
        Path target = directory.resolve("target/stanterprise/events.jsonl");
        int events = 2_000;
        FileSink first = new FileSink(target);
        FileSink second = new FileSink(target);
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.ExecutorService builds = java.util.concurrent.Executors.newFixedThreadPool(2);
        java.util.concurrent.atomic.AtomicBoolean ending = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            while (ending.get()) {
                try {
                    if (Files.exists(target)) {
                        seen.add(check(Files.readAllLines(target, StandardCharsets.UTF_8), events));
                    }
                } catch (java.nio.file.NoSuchFileException replacedMeanwhile) {
                    // between a look and a read: look again
                } catch (Exception e) {
                    seen.add("unreadable: " + e);
                }
            }
        });
        try {
            reader.start();
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (Object[] build : new Object[][]{{first, "run-a"}, {second, "run-b"}}) {
                done.add(builds.submit(() -> {
                    FileSink sink = (FileSink) build[0];
                    for (int i = 1; i <= events; i += 50) {
                        List<Event> batch = new ArrayList<>();
                        for (int sequence = i; sequence < i + 50; sequence++) {
                            batch.add(event((String) build[1], sequence));
                        }
                        sink.send(EncodedEventBatch.newBuilder().setRunId((String) build[1]).addAllEvents(encoded(batch)).build(),
                                1_000);
                        Thread.yield();
                    }
                    together.await();
                    sink.close();
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> build : done) {
                build.get();
            }
        } finally {
            ending.set(false);
            reader.join();
            builds.shutdownNow();
        }
        String run = check(Files.readAllLines(target, StandardCharsets.UTF_8), events);
        assertTrue(run.equals("run-a") || run.equals("run-b"), run);
        for (String look : seen) {
            assertTrue(look.equals("run-a") || look.equals("run-b"), "a reader saw: " + look);
        }
        try (java.util.stream.Stream<Path> left = Files.list(target.getParent())) {
            assertEquals(Collections.singletonList(target), left.collect(java.util.stream.Collectors.toList()),
                    "nothing but the file is left beside it");
        }
    }

    private static Event event(String runId, long sequence) {
        return Event.newBuilder().setSequence(sequence)
                .setStdOutput(StdOutputEventRequest.newBuilder().setRunId(runId).setTestId("t-" + sequence)
                        .setMessage("line " + sequence + " of " + runId))
                .build();
    }

    /** The run the file holds, when it holds exactly one run's events 1 to {@code events}; else what is wrong. */
    private static String check(List<String> lines, int events) throws InvalidProtocolBufferException {
        if (lines.size() != events) {
            return lines.size() + " lines";
        }
        String run = null;
        for (int i = 0; i < lines.size(); i++) {
            Event event = FileSink.parse(lines.get(i));
            String runId = event.getStdOutput().getRunId();
            if (run == null) {
                run = runId;
            }
            if (!runId.equals(run) || event.getSequence() != i + 1) {
                return "line " + (i + 1) + ": " + runId + " #" + event.getSequence() + " after " + run;
            }
        }
        return run;
    }
}
