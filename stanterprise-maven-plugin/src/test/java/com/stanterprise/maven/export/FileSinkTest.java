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
}
