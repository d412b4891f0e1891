package com.stanterprise.benchmarks;

import com.google.protobuf.Timestamp;
import com.stanterprise.testsystem.v1.common.TestStatus;
import com.stanterprise.testsystem.v1.entities.SuiteType;
import com.stanterprise.testsystem.v1.entities.TestCaseRun;
import com.stanterprise.testsystem.v1.entities.TestSuiteRun;
import com.stanterprise.testsystem.v1.events.ReportRunStartEventRequest;
import com.stanterprise.testsystem.v1.events.StdOutputEventRequest;
import com.stanterprise.testsystem.v1.events.SuiteBeginEventRequest;
import com.stanterprise.testsystem.v1.events.SuiteEndEventRequest;
import com.stanterprise.testsystem.v1.events.TestBeginEventRequest;
import com.stanterprise.testsystem.v1.events.TestEndEventRequest;
import com.stanterprise.testsystem.v1.events.TestRunEndEventRequest;
import com.stanterprise.testsystem.v1.observer.Event;
import com.stanterprise.testsystem.v1.observer.EventBatch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A run as the aggregator emits it for a module whose test classes run one after the other:
 * run start (carrying the ROOT suite), ROOT begin; per class a FILE suite begin, per test a begin,
 * some lines of output and an end, the FILE suite end; ROOT end; run end. Every event has its ids
 * and run id, so the observer accepts it, and sequences 1, 2, 3 ...
 */
final class GeneratedRun {

    final String runId;
    final List<Event> events;

    private GeneratedRun(String runId, List<Event> events) {
        this.runId = runId;
        this.events = Collections.unmodifiableList(events);
    }

    static GeneratedRun of(String runId, int suites, int testsPerSuite, int outputsPerTest) {
        List<Event> events = new ArrayList<>();
        Timestamp now = Timestamp.newBuilder().setSeconds(System.currentTimeMillis() / 1000).build();
        TestSuiteRun root = TestSuiteRun.newBuilder().setId(runId + "/root").setName("benchmark " + runId)
                .setRunId(runId).setType(SuiteType.ROOT).setStatus(TestStatus.RUNNING).setStartTime(now).build();
        add(events, Event.newBuilder().setRunStart(ReportRunStartEventRequest.newBuilder()
                .setRunId(runId).setName(root.getName()).addTestSuites(root)));
        add(events, Event.newBuilder().setSuiteBegin(SuiteBeginEventRequest.newBuilder().setSuite(root)));
        for (int s = 0; s < suites; s++) {
            String className = "com.example.Benchmark" + s + "Test";
            TestSuiteRun file = TestSuiteRun.newBuilder().setId(runId + "/" + className).setName(className)
                    .setRunId(runId).setType(SuiteType.FILE).setParentSuiteId(root.getId())
                    .setStatus(TestStatus.RUNNING).setStartTime(now).putMetadata("class", className).build();
            add(events, Event.newBuilder().setSuiteBegin(SuiteBeginEventRequest.newBuilder().setSuite(file)));
            for (int t = 0; t < testsPerSuite; t++) {
                TestCaseRun test = TestCaseRun.newBuilder().setId(file.getId() + "#test" + t).setName("test" + t + "()")
                        .setRunId(runId).setTestSuiteId(file.getId()).setStatus(TestStatus.RUNNING)
                        .setStartTime(now).putMetadata("class", className).putMetadata("method", "test" + t).build();
                add(events, Event.newBuilder().setTestBegin(TestBeginEventRequest.newBuilder().setTestCase(test)));
                for (int o = 0; o < outputsPerTest; o++) {
                    add(events, Event.newBuilder().setStdOutput(StdOutputEventRequest.newBuilder()
                            .setTestId(test.getId()).setTestCaseRunId(test.getId()).setRunId(runId).setTimestamp(now)
                            .setMessage("line " + o + " of " + test.getName() + ": the quick brown fox jumps over the lazy dog\n")));
                }
                add(events, Event.newBuilder().setTestEnd(TestEndEventRequest.newBuilder().setTestCase(
                        test.toBuilder().setStatus(TestStatus.PASSED).setEndTime(now))));
            }
            add(events, Event.newBuilder().setSuiteEnd(SuiteEndEventRequest.newBuilder().setSuite(
                    file.toBuilder().setStatus(TestStatus.PASSED).setEndTime(now))));
        }
        add(events, Event.newBuilder().setSuiteEnd(SuiteEndEventRequest.newBuilder().setSuite(
                root.toBuilder().setStatus(TestStatus.PASSED).setEndTime(now))));
        add(events, Event.newBuilder().setRunEnd(TestRunEndEventRequest.newBuilder()
                .setRunId(runId).setFinalStatus(TestStatus.PASSED).setStartTime(now)));
        return new GeneratedRun(runId, events);
    }

    /** The run cut into batches of {@code size} events, as the exporter cuts them. */
    List<EventBatch> batches(int size, String sourceId) {
        List<EventBatch> batches = new ArrayList<>();
        for (int from = 0; from < events.size(); from += size) {
            batches.add(EventBatch.newBuilder().setRunId(runId).setSourceId(sourceId)
                    .addAllEvents(events.subList(from, Math.min(events.size(), from + size))).build());
        }
        return batches;
    }

    private static void add(List<Event> events, Event.Builder event) {
        events.add(event.setSequence(events.size() + 1).build());
    }
}
