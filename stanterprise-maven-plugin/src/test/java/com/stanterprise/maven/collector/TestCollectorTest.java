package com.stanterprise.maven.collector;

import com.stanterprise.testsystem.v1.entities.StepRun;
import com.stanterprise.testsystem.v1.entities.TestCaseRun;
import com.stanterprise.testsystem.v1.entities.TestSuiteRun;
import com.stanterprise.testsystem.v1.events.HeartbeatEventRequest;
import com.stanterprise.testsystem.v1.events.ReportRunStartEventRequest;
import com.stanterprise.testsystem.v1.events.StdErrorEventRequest;
import com.stanterprise.testsystem.v1.events.StdOutputEventRequest;
import com.stanterprise.testsystem.v1.events.StepBeginEventRequest;
import com.stanterprise.testsystem.v1.events.StepEndEventRequest;
import com.stanterprise.testsystem.v1.events.SuiteBeginEventRequest;
import com.stanterprise.testsystem.v1.events.SuiteEndEventRequest;
import com.stanterprise.testsystem.v1.events.TestBeginEventRequest;
import com.stanterprise.testsystem.v1.events.TestEndEventRequest;
import com.stanterprise.testsystem.v1.events.TestErrorEventRequest;
import com.stanterprise.testsystem.v1.events.TestFailureEventRequest;
import com.stanterprise.testsystem.v1.events.TestRunEndEventRequest;
import com.stanterprise.testsystem.v1.observer.BatchAck;
import com.stanterprise.testsystem.v1.observer.Event;
import com.stanterprise.testsystem.v1.observer.EventBatch;
import com.stanterprise.testsystem.v1.observer.TestEventBatchCollectorGrpc;
import com.stanterprise.testsystem.v1.observer.TestEventCollectorGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TestCollectorTest {

    private static final String BATCH_METHOD =
            TestEventBatchCollectorGrpc.getReportEventBatchMethod().getFullMethodName();
    private static final String TEST_BEGIN_METHOD =
            TestEventCollectorGrpc.getReportTestBeginMethod().getFullMethodName();

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    private TestCollector batchCollector() throws Exception {
        TestCollector collector = TestCollector.start();
        cleanup.add(collector);
        return collector;
    }

    private TestCollector observerCollector() throws Exception {
        TestCollector collector = TestCollector.startObserver();
        cleanup.add(collector);
        return collector;
    }

    private ManagedChannel channel(TestCollector collector) {
        ManagedChannel channel = NettyChannelBuilder.forTarget(collector.endpoint()).usePlaintext().build();
        cleanup.add(() -> {
            channel.shutdownNow();
            channel.awaitTermination(5, TimeUnit.SECONDS);
        });
        return channel;
    }

    private static TestEventBatchCollectorGrpc.TestEventBatchCollectorBlockingStub batch(ManagedChannel channel) {
        return TestEventBatchCollectorGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    private static TestEventCollectorGrpc.TestEventCollectorBlockingStub v1(ManagedChannel channel) {
        return TestEventCollectorGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    private static ServingStatus health(ManagedChannel channel) {
        return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                .check(HealthCheckRequest.newBuilder().setService("").build()).getStatus();
    }

    private static Event heartbeat(long sequence) {
        return Event.newBuilder().setSequence(sequence)
                .setHeartbeat(HeartbeatEventRequest.newBuilder().setSourceId("hb-" + sequence)).build();
    }

    private static EventBatch batchOf(String sourceId, long... sequences) {
        EventBatch.Builder batch = EventBatch.newBuilder().setRunId("run-1").setSourceId(sourceId);
        for (long sequence : sequences) {
            batch.addEvents(heartbeat(sequence));
        }
        return batch.build();
    }

    private static TestBeginEventRequest testBegin(String id) {
        return TestBeginEventRequest.newBuilder().setTestCase(TestCaseRun.newBuilder().setId(id)).build();
    }

    private static Status.Code codeOf(Executable call) {
        return assertThrows(StatusRuntimeException.class, call).getStatus().getCode();
    }

    private static List<Long> sequences(TestCollector collector) {
        List<Long> sequences = new ArrayList<>();
        for (Event event : collector.events()) {
            sequences.add(event.getSequence());
        }
        return sequences;
    }

    @Test
    void batchModeDropsSequencesItAlreadyAcknowledged() throws Exception {
        TestCollector collector = batchCollector();
        ManagedChannel channel = channel(collector);

        BatchAck first = batch(channel).reportEventBatch(batchOf("build-a", 1, 2));
        assertTrue(first.getSuccess());
        assertEquals(2, first.getAcknowledgedThrough());

        // a resend after a lost ack: 1 and 2 again, with 3 new
        BatchAck resent = batch(channel).reportEventBatch(batchOf("build-a", 1, 2, 3));
        assertTrue(resent.getSuccess());
        assertEquals(3, resent.getAcknowledgedThrough());
        assertEquals(2, collector.duplicates());
        assertEquals(List.of(1L, 2L, 3L), sequences(collector));

        // sequences are per source: another build starts at 1 of its own
        BatchAck other = batch(channel).reportEventBatch(batchOf("build-b", 1));
        assertEquals(1, other.getAcknowledgedThrough());
        assertEquals("build-b", collector.received().get(3).sourceId);

        // a gap is refused; what precedes it in the batch is held
        BatchAck gap = batch(channel).reportEventBatch(batchOf("build-a", 4, 6));
        assertFalse(gap.getSuccess());
        assertEquals(4, gap.getAcknowledgedThrough());
        assertEquals(4, collector.acknowledgedThrough("build-a"));
        assertEquals(5, collector.events().size());

        // v1 calls in batch mode are recorded as they come, unchecked
        assertTrue(v1(channel).reportTestBegin(TestBeginEventRequest.getDefaultInstance()).getSuccess());
        assertEquals(6, collector.events().size());
        assertEquals("", collector.received().get(5).sourceId);
        assertEquals(4, collector.batchCalls());
        assertEquals(1, collector.unaryCalls());
        assertEquals(0, collector.invalidArguments());
    }

    @Test
    void observerModeHasNoBatchServiceAndChecksRequiredFields() throws Exception {
        TestCollector collector = observerCollector();
        ManagedChannel channel = channel(collector);

        assertEquals(Status.Code.UNIMPLEMENTED, codeOf(() -> batch(channel).reportEventBatch(batchOf("build-a", 1))));
        assertEquals(1L, collector.callsByMethod().get(BATCH_METHOD));
        assertEquals(0, collector.batchCalls());

        StatusRuntimeException noId = assertThrows(StatusRuntimeException.class,
                () -> v1(channel).reportTestBegin(testBegin("")));
        assertEquals(Status.Code.INVALID_ARGUMENT, noId.getStatus().getCode());
        assertTrue(noId.getStatus().getDescription().contains("test_case.id"), noId.getStatus().getDescription());
        assertEquals(1, collector.invalidArguments());
        assertTrue(collector.events().isEmpty());

        assertTrue(v1(channel).reportTestBegin(testBegin("t-1")).getSuccess());
        assertEquals(1, collector.events().size());
        assertEquals("t-1", collector.events().get(0).getTestBegin().getTestCase().getId());
        assertEquals(0, collector.events().get(0).getSequence());
        assertEquals(2L, collector.callsByMethod().get(TEST_BEGIN_METHOD));
    }

    @Test
    void observerModeRefusesEachCallThatLacksWhatTheObserverRequires() throws Exception {
        TestCollector collector = observerCollector();
        ManagedChannel channel = channel(collector);
        TestSuiteRun suite = TestSuiteRun.newBuilder().setId("s-1").build();
        StepRun step = StepRun.newBuilder().setId("st-1").build();

        // each RPC: called without the required field, then with it
        Map<String, Consumer<Boolean>> calls = new LinkedHashMap<>();
        calls.put("ReportRunStart: run_id", ok -> v1(channel).reportRunStart(ok
                ? ReportRunStartEventRequest.newBuilder().setRunId("r").addTestSuites(suite).build()
                : ReportRunStartEventRequest.newBuilder().addTestSuites(suite).build()));
        calls.put("ReportRunStart: test_suites", ok -> v1(channel).reportRunStart(ok
                ? ReportRunStartEventRequest.newBuilder().setRunId("r").addTestSuites(suite).build()
                : ReportRunStartEventRequest.newBuilder().setRunId("r").build()));
        calls.put("ReportSuiteBegin: suite.id", ok -> v1(channel).reportSuiteBegin(
                SuiteBeginEventRequest.newBuilder().setSuite(ok ? suite : TestSuiteRun.getDefaultInstance()).build()));
        calls.put("ReportSuiteEnd: suite.id", ok -> v1(channel).reportSuiteEnd(
                SuiteEndEventRequest.newBuilder().setSuite(ok ? suite : TestSuiteRun.getDefaultInstance()).build()));
        calls.put("ReportTestBegin: test_case.id", ok -> v1(channel).reportTestBegin(testBegin(ok ? "t" : "")));
        calls.put("ReportTestEnd: test_case.id", ok -> v1(channel).reportTestEnd(TestEndEventRequest.newBuilder()
                .setTestCase(TestCaseRun.newBuilder().setId(ok ? "t" : "").setRunId("r")).build()));
        calls.put("ReportStepBegin: step.id", ok -> v1(channel).reportStepBegin(
                StepBeginEventRequest.newBuilder().setStep(ok ? step : StepRun.getDefaultInstance()).build()));
        calls.put("ReportStepEnd: step.id", ok -> v1(channel).reportStepEnd(
                StepEndEventRequest.newBuilder().setStep(ok ? step : StepRun.getDefaultInstance()).build()));
        calls.put("ReportTestFailure: test_id", ok -> v1(channel).reportTestFailure(
                TestFailureEventRequest.newBuilder().setTestId(ok ? "t" : "").setRunId("r").build()));
        calls.put("ReportTestError: test_id", ok -> v1(channel).reportTestError(
                TestErrorEventRequest.newBuilder().setTestId(ok ? "t" : "").setRunId("r").build()));
        calls.put("ReportStdOutput: test_id", ok -> v1(channel).reportStdOutput(
                StdOutputEventRequest.newBuilder().setTestId(ok ? "t" : "").setMessage("out").build()));
        calls.put("ReportStdError: test_id", ok -> v1(channel).reportStdError(
                StdErrorEventRequest.newBuilder().setTestId(ok ? "t" : "").setMessage("err").build()));
        calls.put("ReportRunEnd: run_id", ok -> v1(channel).reportRunEnd(
                TestRunEndEventRequest.newBuilder().setRunId(ok ? "r" : "").build()));
        calls.put("Heartbeat: source_id", ok -> v1(channel).heartbeat(
                HeartbeatEventRequest.newBuilder().setSourceId(ok ? "build-a" : "").build()));

        List<String> expectedMessages = new ArrayList<>();
        for (Map.Entry<String, Consumer<Boolean>> call : calls.entrySet()) {
            assertEquals(Status.Code.INVALID_ARGUMENT, codeOf(() -> call.getValue().accept(false)), call.getKey());
            call.getValue().accept(true);
            String message = collector.invalidArgumentMessages().get(expectedMessages.size());
            assertTrue(message.startsWith(call.getKey()), message + " for " + call.getKey());
            expectedMessages.add(message);
        }
        assertEquals(calls.size(), collector.invalidArguments());
        assertEquals(calls.size(), collector.events().size());
        assertEquals(2 * calls.size(), collector.unaryCalls());
    }

    @Test
    void failNextCallsFailsExactlyThatManyEventCallsAndRecordsNothing() throws Exception {
        TestCollector collector = batchCollector();
        ManagedChannel channel = channel(collector);

        collector.failNextCalls(3, Status.Code.UNAVAILABLE);
        assertEquals(ServingStatus.SERVING, health(channel)); // health is not an event RPC
        assertEquals(3, collector.pendingFailures());

        assertEquals(Status.Code.UNAVAILABLE, codeOf(() -> batch(channel).reportEventBatch(batchOf("build-a", 1))));
        assertEquals(Status.Code.UNAVAILABLE, codeOf(() -> v1(channel).reportTestBegin(testBegin("t-1"))));
        assertEquals(Status.Code.UNAVAILABLE, codeOf(() -> batch(channel).reportEventBatch(batchOf("build-a", 1))));
        assertEquals(3, collector.failedCalls());
        assertEquals(0, collector.pendingFailures());
        assertTrue(collector.events().isEmpty());
        assertEquals(0, collector.acknowledgedThrough("build-a"));
        assertEquals(0, collector.batchCalls());
        assertEquals(0, collector.unaryCalls());

        assertEquals(1, batch(channel).reportEventBatch(batchOf("build-a", 1)).getAcknowledgedThrough());
        assertTrue(v1(channel).reportTestBegin(testBegin("t-1")).getSuccess());
        assertEquals(2, collector.events().size());

        Map<String, Long> byMethod = collector.callsByMethod();
        assertEquals(3L, byMethod.get(BATCH_METHOD));
        assertEquals(2L, byMethod.get(TEST_BEGIN_METHOD));
        assertEquals(1L, byMethod.get(HealthGrpc.getCheckMethod().getFullMethodName()));

        // the same in observer mode, with the code the observer uses for a failed publish
        TestCollector observer = observerCollector();
        ManagedChannel toObserver = channel(observer);
        observer.failNextCalls(1, Status.Code.INTERNAL);
        assertEquals(Status.Code.INTERNAL, codeOf(() -> v1(toObserver).reportTestBegin(testBegin("t-1"))));
        assertTrue(v1(toObserver).reportTestBegin(testBegin("t-1")).getSuccess());
        assertEquals(1, observer.failedCalls());
        assertEquals(1, observer.events().size());
        assertEquals(0, observer.invalidArguments());
    }

    @Test
    void latencyDelaysTheAnswerAfterTheEventIsApplied() throws Exception {
        TestCollector collector = batchCollector();
        ManagedChannel channel = channel(collector);

        collector.setLatency(Duration.ofMillis(300));
        long started = System.nanoTime();
        assertEquals(1, batch(channel).reportEventBatch(batchOf("build-a", 1)).getAcknowledgedThrough());
        assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(300));

        // the client gives up before the answer: the event was still applied, like a lost ack
        collector.setLatency(Duration.ofSeconds(2));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, codeOf(() -> TestEventBatchCollectorGrpc.newBlockingStub(channel)
                .withDeadlineAfter(200, TimeUnit.MILLISECONDS).reportEventBatch(batchOf("build-a", 2))));
        assertEquals(2, collector.acknowledgedThrough("build-a"));

        collector.setLatency(Duration.ZERO);
        assertEquals(2, batch(channel).reportEventBatch(batchOf("build-a", 2)).getAcknowledgedThrough());
        assertEquals(1, collector.duplicates());
        assertEquals(List.of(1L, 2L), sequences(collector));
    }

    @Test
    void stopAndRestartKeepStateAndPort() throws Exception {
        TestCollector collector = batchCollector();
        String endpoint = collector.endpoint();
        ManagedChannel channel = channel(collector);
        assertEquals(2, batch(channel).reportEventBatch(batchOf("build-a", 1, 2)).getAcknowledgedThrough());

        collector.stop();
        assertFalse(collector.isRunning());
        assertEquals(Status.Code.UNAVAILABLE, codeOf(() -> batch(channel).reportEventBatch(batchOf("build-a", 3))));
        assertEquals(2, collector.events().size()); // stopping keeps what was recorded

        collector.restart();
        assertTrue(collector.isRunning());
        assertEquals(endpoint, collector.endpoint());

        // the same channel reconnects to the same address; the resend is deduplicated
        BatchAck resent = TestEventBatchCollectorGrpc.newBlockingStub(channel).withWaitForReady()
                .withDeadlineAfter(10, TimeUnit.SECONDS).reportEventBatch(batchOf("build-a", 1, 2, 3));
        assertTrue(resent.getSuccess());
        assertEquals(3, resent.getAcknowledgedThrough());
        assertEquals(2, collector.duplicates());
        assertEquals(List.of(1L, 2L, 3L), sequences(collector));
        assertEquals(ServingStatus.SERVING, health(channel(collector)));

        // restarting a running collector stops it first; the state still holds
        collector.restart();
        assertEquals(3, batch(channel(collector)).reportEventBatch(batchOf("build-a", 3)).getAcknowledgedThrough());
        assertEquals(3, collector.duplicates());

        // stopping cuts a call that sleeps in the latency short, without losing what it applied
        collector.setLatency(Duration.ofSeconds(30));
        ManagedChannel slow = channel(collector);
        Thread caller = new Thread(() -> {
            try {
                batch(slow).reportEventBatch(batchOf("build-a", 4));
            } catch (StatusRuntimeException expected) {
                // cut by the stop
            }
        });
        caller.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (collector.acknowledgedThrough("build-a") < 4 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        long stopping = System.nanoTime();
        collector.stop();
        assertTrue(System.nanoTime() - stopping < TimeUnit.SECONDS.toNanos(5));
        caller.join(5_000);
        assertFalse(caller.isAlive());
        assertEquals(4, collector.acknowledgedThrough("build-a"));
    }

    @Test
    void startsOnAGivenPort() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        TestCollector collector = TestCollector.startOn(port);
        cleanup.add(collector);
        assertEquals(port, collector.port());
        assertEquals("127.0.0.1:" + port, collector.endpoint());
        assertEquals(TestCollector.Mode.BATCH, collector.mode());
        assertEquals(1, batch(channel(collector)).reportEventBatch(batchOf("build-a", 1)).getAcknowledgedThrough());

        // once one is closed, the port is free for the next (closing twice is harmless)
        collector.close();
        TestCollector observer = TestCollector.startObserverOn(port);
        cleanup.add(observer);
        assertEquals(TestCollector.Mode.OBSERVER, observer.mode());
        assertEquals(Status.Code.UNIMPLEMENTED,
                codeOf(() -> batch(channel(observer)).reportEventBatch(batchOf("build-a", 1))));
    }

    @Test
    void healthAnswersServingInBothModes() throws Exception {
        TestCollector batchMode = batchCollector();
        assertEquals(ServingStatus.SERVING, health(channel(batchMode)));
        TestCollector observerMode = observerCollector();
        assertEquals(ServingStatus.SERVING, health(channel(observerMode)));

        observerMode.setHealthStatus(ServingStatus.NOT_SERVING);
        assertEquals(ServingStatus.NOT_SERVING, health(channel(observerMode)));
    }
}
