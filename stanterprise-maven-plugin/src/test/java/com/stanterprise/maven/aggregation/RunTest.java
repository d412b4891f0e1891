package com.stanterprise.maven.aggregation;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UnsafeByteOperations;
import com.stanterprise.aggregator.v1.EncodedEvent;
import com.stanterprise.testsystem.v1.common.TestStatus;
import com.stanterprise.testsystem.v1.entities.StepRun;
import com.stanterprise.testsystem.v1.entities.SuiteType;
import com.stanterprise.testsystem.v1.entities.TestCaseRun;
import com.stanterprise.testsystem.v1.entities.TestSuiteRun;
import com.stanterprise.testsystem.v1.events.HeartbeatEventRequest;
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
import com.stanterprise.testsystem.v1.observer.Event;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static com.stanterprise.maven.Encoded.decoded;
import static com.stanterprise.maven.Encoded.encoded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class RunTest {

    private static final String RUN_ID = "run-42";
    private static final String EXECUTION = "com.example:ledger-api:maven-surefire-plugin:test:default-test";
    private static final String WEB = "com.example:ledger-web:maven-surefire-plugin:test:default-test";
    private static final String FORK = "fork-1";
    private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");

    private final List<Event> events = new ArrayList<>();
    private final MovingClock clock = new MovingClock(START);
    private Run run;

    /** Stands still unless a test moves it. */
    private static final class MovingClock extends Clock {
        private Instant now;

        MovingClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void newRun() {
        run = new Run(RUN_ID, "ledger", Collections.singletonMap("goals", "verify"), event -> events.add(decoded(event)), clock);
    }

    // ---- what forks send: no run id, no parent for top-level suites and tests, their own sequence

    private static Timestamp at(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    private static TestSuiteRun forkSuite(String id, String name) {
        return TestSuiteRun.newBuilder().setId(id).setName(name).setType(SuiteType.SUBSUITE)
                .setStartTime(at(START)).setStatus(TestStatus.RUNNING).build();
    }

    private static Event suiteBegin(TestSuiteRun suite) {
        return Event.newBuilder().setSequence(1).setSuiteBegin(SuiteBeginEventRequest.newBuilder().setSuite(suite))
                .build();
    }

    private static Event suiteEnd(TestSuiteRun suite, TestStatus status) {
        return Event.newBuilder().setSequence(99).setSuiteEnd(SuiteEndEventRequest.newBuilder()
                .setSuite(suite.toBuilder().setStatus(status))).build();
    }

    private static TestCaseRun forkTest(String id, String name) {
        return TestCaseRun.newBuilder().setId(id).setName(name).setStartTime(at(START))
                .setStatus(TestStatus.RUNNING).build();
    }

    private static Event testBegin(TestCaseRun test) {
        return Event.newBuilder().setSequence(2).setTestBegin(TestBeginEventRequest.newBuilder().setTestCase(test))
                .build();
    }

    private static Event testEnd(TestCaseRun test, TestStatus status) {
        return Event.newBuilder().setSequence(3).setTestEnd(TestEndEventRequest.newBuilder()
                .setTestCase(test.toBuilder().setStatus(status))).build();
    }

    /** What a fork's connection hands the run: the fork's events, encoded. */
    private void forkEvents(String fork, List<Event> sent) {
        try {
            run.forkEvents(fork, encoded(sent));
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private void startWithOneExecution() {
        run.executionStarted(EXECUTION, "ledger-api (surefire:test)", "com.example:ledger-api");
        run.forkConnected(FORK, EXECUTION, "pid 4242");
    }

    private Event only(Event.PayloadCase kind) {
        List<Event> found = of(kind);
        assertEquals(1, found.size(), "events of kind " + kind);
        return found.get(0);
    }

    private List<Event> of(Event.PayloadCase kind) {
        return events.stream().filter(event -> event.getPayloadCase() == kind).collect(Collectors.toList());
    }

    private Event last() {
        return events.get(events.size() - 1);
    }

    private static String runIdOf(Event event) {
        switch (event.getPayloadCase()) {
            case RUN_START:
                return event.getRunStart().getRunId();
            case SUITE_BEGIN:
                return event.getSuiteBegin().getSuite().getRunId();
            case SUITE_END:
                return event.getSuiteEnd().getSuite().getRunId();
            case TEST_BEGIN:
                return event.getTestBegin().getTestCase().getRunId();
            case TEST_END:
                return event.getTestEnd().getTestCase().getRunId();
            case STEP_BEGIN:
                return event.getStepBegin().getStep().getRunId();
            case STEP_END:
                return event.getStepEnd().getStep().getRunId();
            case TEST_FAILURE:
                return event.getTestFailure().getRunId();
            case TEST_ERROR:
                return event.getTestError().getRunId();
            case STD_OUTPUT:
                return event.getStdOutput().getRunId();
            case STD_ERROR:
                return event.getStdError().getRunId();
            case RUN_END:
                return event.getRunEnd().getRunId();
            default:
                throw new AssertionError("no run id in " + event.getPayloadCase());
        }
    }

    private void assertSequencesWithoutGaps() {
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 1, events.get(i).getSequence(), "sequence of event " + i + " " + events.get(i));
        }
    }

    private String projectSuiteId() {
        return of(Event.PayloadCase.SUITE_BEGIN).stream()
                .map(event -> event.getSuiteBegin().getSuite())
                .filter(suite -> suite.getType() == SuiteType.PROJECT)
                .findFirst().orElseThrow(() -> new AssertionError("no PROJECT suite")).getId();
    }

    // ---- tests

    @Test
    void nothingIsReportedBeforeTheFirstTestExecution() {
        assertTrue(events.isEmpty());
        assertEquals(0, run.events());
    }

    @Test
    void theFirstForkEventsStartTheRunThenTheRootSuiteThenTheirProjectSuite() {
        clock.advance(Duration.ofSeconds(7));
        run.executionStarted(EXECUTION, "ledger-api (surefire:test)", "com.example:ledger-api");
        run.forkConnected(FORK, EXECUTION, "pid 4242");
        clock.advance(Duration.ofSeconds(2));
        assertTrue(events.isEmpty(), "nothing goes out while the test JVM starts: the opening events wait"
                + " for its first events, to share their batch");

        forkEvents(FORK, Collections.singletonList(testBegin(forkTest("test-1", "t"))));

        assertEquals(4, events.size());
        Event runStart = events.get(0);
        assertEquals(Event.PayloadCase.RUN_START, runStart.getPayloadCase());
        assertEquals(1, runStart.getSequence());
        assertEquals(RUN_ID, runStart.getRunStart().getRunId());
        assertEquals("ledger", runStart.getRunStart().getName());
        assertEquals("verify", runStart.getRunStart().getMetadataMap().get("goals"));
        assertEquals(1, runStart.getRunStart().getTestSuitesCount(), "test_suites holds the ROOT suite");
        TestSuiteRun root = runStart.getRunStart().getTestSuites(0);
        assertEquals(SuiteType.ROOT, root.getType());
        assertEquals(RUN_ID, root.getRunId());
        assertEquals(TestStatus.RUNNING, root.getStatus());
        assertEquals(at(START), root.getStartTime(), "the run began when the build did");
        assertFalse(root.getId().isEmpty());

        Event rootBegin = events.get(1);
        assertEquals(Event.PayloadCase.SUITE_BEGIN, rootBegin.getPayloadCase());
        assertEquals(2, rootBegin.getSequence());
        assertEquals(root, rootBegin.getSuiteBegin().getSuite());
        assertEquals(at(START.plusSeconds(9)), rootBegin.getEmittedAt());

        Event projectBegin = events.get(2);
        assertEquals(3, projectBegin.getSequence());
        TestSuiteRun project = projectBegin.getSuiteBegin().getSuite();
        assertEquals(SuiteType.PROJECT, project.getType());
        assertEquals(root.getId(), project.getParentSuiteId());
        assertEquals("ledger-api (surefire:test)", project.getName());
        assertEquals("com.example:ledger-api", project.getProject());
        assertEquals(RUN_ID, project.getRunId());
        assertEquals(EXECUTION, project.getMetadataMap().get("execution"));
        assertEquals(at(START.plusSeconds(7)), project.getStartTime(), "the execution began when its mojo did");
        assertEquals(Event.PayloadCase.TEST_BEGIN, events.get(3).getPayloadCase());
        assertEquals(4, run.events());
    }

    @Test
    void theRunStartsOnce() {
        String web = "com.example:ledger-web:maven-surefire-plugin:test:default-test";
        run.executionStarted(EXECUTION, "ledger-api (surefire:test)", "com.example:ledger-api");
        run.executionStarted(web, "ledger-web (surefire:test)", "com.example:ledger-web");
        run.forkConnected(FORK, EXECUTION, "pid 1");
        run.forkConnected("fork-2", web, "pid 2");
        forkEvents(FORK, Collections.singletonList(testBegin(forkTest("test-1", "t"))));
        forkEvents("fork-2", Collections.singletonList(testBegin(forkTest("test-2", "t"))));

        assertEquals(1, of(Event.PayloadCase.RUN_START).size());
        List<Event> begins = of(Event.PayloadCase.SUITE_BEGIN);
        assertEquals(3, begins.size());
        String rootId = begins.get(0).getSuiteBegin().getSuite().getId();
        assertEquals(rootId, begins.get(2).getSuiteBegin().getSuite().getParentSuiteId());
        assertSequencesWithoutGaps();
    }

    @Test
    void theRootSuiteIdIsStableForARunId() {
        startWithOneExecution();
        List<Event> other = new ArrayList<>();
        run.end(true);
        Run again = new Run(RUN_ID, "ledger", Collections.emptyMap(), event -> other.add(decoded(event)), clock);
        again.executionStarted(EXECUTION, "ledger-api (surefire:test)", "com.example:ledger-api");
        again.forkConnected(FORK, EXECUTION, "pid 4242");
        again.end(true);

        assertEquals(events.get(1).getSuiteBegin().getSuite().getId(), other.get(1).getSuiteBegin().getSuite().getId());
        assertEquals(events.get(2).getSuiteBegin().getSuite().getId(), other.get(2).getSuiteBegin().getSuite().getId());
    }

    @Test
    void anExecutionStartedTwiceWhileOpenBeginsOnce() {
        run.executionStarted(EXECUTION, "ledger-api (surefire:test)", "com.example:ledger-api");
        run.executionStarted(EXECUTION, "ledger-api (surefire:test)", "com.example:ledger-api");
        run.forkConnected(FORK, EXECUTION, "pid 4242");
        run.end(true);

        assertEquals(1, of(Event.PayloadCase.SUITE_BEGIN).stream()
                .filter(event -> event.getSuiteBegin().getSuite().getType() == SuiteType.PROJECT).count());
    }

    @Test
    void aRunWithoutTestExecutionsEndsUnreported() {
        assertFalse(run.end(true));

        assertTrue(events.isEmpty());
        run.executionStarted(EXECUTION, "ledger-api (surefire:test)", "com.example:ledger-api");
        run.forkConnected(FORK, EXECUTION, "pid 1");
        forkEvents(FORK, Collections.singletonList(testBegin(forkTest("test-1", "t"))));
        assertTrue(events.isEmpty(), "nothing is accepted after the end");
    }

    @Test
    void aSkippedExecutionIsNotReportedAndABuildOfOnlySuchReportsNoRun() {
        // mvn install -DskipTests: the mojo starts and ends, no test JVM, no report.
        run.executionStarted(EXECUTION, "ledger-api (surefire:test)", "com.example:ledger-api");
        run.executionEnded(EXECUTION, true);
        run.executionStarted(WEB, "ledger-web (surefire:test)", "com.example:ledger-web");

        assertFalse(run.end(true), "reported");
        assertFalse(run.end(true));
        assertTrue(events.isEmpty(), "emitted " + events);
        assertEquals(0, run.events());
    }

    @Test
    void aSkippedExecutionIsLeftOutOfARunThatOtherExecutionsReport() {
        run.executionStarted(EXECUTION, "ledger-api (surefire:test)", "com.example:ledger-api");
        run.executionEnded(EXECUTION, true);
        run.executionStarted(WEB, "ledger-web (surefire:test)", "com.example:ledger-web");
        run.forkConnected(FORK, WEB, "pid 1");
        TestCaseRun test = forkTest("test-1", "t");
        forkEvents(FORK, Arrays.asList(testBegin(test), testEnd(test, TestStatus.PASSED)));
        run.forkClosed(FORK, true);
        run.executionEnded(WEB, true);

        assertTrue(run.end(true));

        List<String> projects = events.stream()
                .filter(event -> event.getPayloadCase() == Event.PayloadCase.SUITE_BEGIN)
                .map(event -> event.getSuiteBegin().getSuite())
                .filter(suite -> suite.getType() == SuiteType.PROJECT)
                .map(TestSuiteRun::getName)
                .collect(Collectors.toList());
        assertEquals(Collections.singletonList("ledger-web (surefire:test)"), projects);
        assertEquals(TestStatus.PASSED, last().getRunEnd().getFinalStatus());
        assertSequencesWithoutGaps();
    }

    @Test
    void anExecutionWhoseTestJvmConnectedIsReportedEvenWithoutEvents() {
        startWithOneExecution();
        run.forkClosed(FORK, true);
        run.executionEnded(EXECUTION, true);

        assertTrue(run.end(true));
        assertEquals(SuiteType.PROJECT, of(Event.PayloadCase.SUITE_BEGIN).get(1).getSuiteBegin().getSuite().getType());
    }

    @Test
    void aFailedExecutionWithoutATestJvmIsReportedBroken() {
        // Surefire could not start its test JVM: it tried to run tests, and the collector sees that it could not.
        run.executionStarted(EXECUTION, "ledger-api (surefire:test)", "com.example:ledger-api");
        run.executionEnded(EXECUTION, false);

        assertEquals(TestStatus.BROKEN, last().getSuiteEnd().getSuite().getStatus());
        assertTrue(run.end(false));
        assertEquals(TestStatus.FAILED, last().getRunEnd().getFinalStatus());
    }

    @Test
    void forkEventsHangUnderTheProjectSuiteCarryTheRunIdAndAreNumberedWithoutGaps() {
        startWithOneExecution();
        TestSuiteRun suite = forkSuite("class-1", "com.example.LedgerTest");
        TestSuiteRun nested = forkSuite("nested-1", "Deposits").toBuilder().setParentSuiteId("class-1").build();
        TestCaseRun test = forkTest("test-1", "addsUp()");
        StepRun step = StepRun.newBuilder().setId("step-1").setTestCaseId("test-1").setTitle("open account").build();

        forkEvents(FORK, Arrays.asList(
                suiteBegin(suite),
                suiteBegin(nested),
                testBegin(test),
                Event.newBuilder().setStepBegin(StepBeginEventRequest.newBuilder().setStep(step)).build(),
                Event.newBuilder().setStepEnd(StepEndEventRequest.newBuilder()
                        .setStep(step.toBuilder().setStatus(TestStatus.PASSED))).build(),
                Event.newBuilder().setStdOutput(StdOutputEventRequest.newBuilder().setTestId("test-1")
                        .setMessage("hello")).build(),
                Event.newBuilder().setStdError(StdErrorEventRequest.newBuilder().setTestId("test-1")
                        .setMessage("oops")).build(),
                Event.newBuilder().setTestFailure(TestFailureEventRequest.newBuilder().setTestId("test-1")
                        .setFailureMessage("expected 2")).build(),
                Event.newBuilder().setTestError(TestErrorEventRequest.newBuilder().setTestId("test-1")
                        .setErrorMessage("boom")).build()));
        forkEvents(FORK, Arrays.asList(
                testEnd(test, TestStatus.FAILED),
                Event.newBuilder().setHeartbeat(HeartbeatEventRequest.newBuilder().setSourceId(FORK)).build(),
                suiteEnd(nested, TestStatus.FAILED),
                suiteEnd(suite, TestStatus.FAILED)));

        String projectId = projectSuiteId();
        List<Event> suiteBegins = of(Event.PayloadCase.SUITE_BEGIN);
        assertEquals(projectId, suiteBegins.get(2).getSuiteBegin().getSuite().getParentSuiteId(),
                "a top-level class hangs under the PROJECT suite");
        assertEquals("class-1", suiteBegins.get(3).getSuiteBegin().getSuite().getParentSuiteId(),
                "a nested class keeps its parent");
        assertEquals(projectId, only(Event.PayloadCase.TEST_BEGIN).getTestBegin().getTestCase().getTestSuiteId());
        assertEquals(projectId, only(Event.PayloadCase.TEST_END).getTestEnd().getTestCase().getTestSuiteId());
        List<Event> suiteEnds = of(Event.PayloadCase.SUITE_END);
        assertEquals("class-1", suiteEnds.get(0).getSuiteEnd().getSuite().getParentSuiteId());
        assertEquals(projectId, suiteEnds.get(1).getSuiteEnd().getSuite().getParentSuiteId());

        Set<Event.PayloadCase> kinds = EnumSet.noneOf(Event.PayloadCase.class);
        for (Event event : events) {
            kinds.add(event.getPayloadCase());
            if (event.getPayloadCase() != Event.PayloadCase.HEARTBEAT) {
                assertEquals(RUN_ID, runIdOf(event), "run id of " + event);
            }
        }
        assertTrue(kinds.containsAll(EnumSet.of(Event.PayloadCase.RUN_START, Event.PayloadCase.SUITE_BEGIN,
                Event.PayloadCase.SUITE_END, Event.PayloadCase.TEST_BEGIN, Event.PayloadCase.TEST_END,
                Event.PayloadCase.STEP_BEGIN, Event.PayloadCase.STEP_END, Event.PayloadCase.TEST_FAILURE,
                Event.PayloadCase.TEST_ERROR, Event.PayloadCase.STD_OUTPUT, Event.PayloadCase.STD_ERROR)), kinds.toString());
        assertEquals(3 + 13, events.size(), "every fork event passes through, heartbeats too");
        assertSequencesWithoutGaps();

        run.end(true);
        assertEquals(RUN_ID, runIdOf(last()));
        assertSequencesWithoutGaps();
    }

    @Test
    void forkEventsKeepTheirOrder() {
        startWithOneExecution();
        List<Event> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            TestCaseRun test = forkTest("test-" + i, "t" + i);
            batch.add(testBegin(test));
            batch.add(testEnd(test, TestStatus.PASSED));
        }

        forkEvents(FORK, batch);

        List<Event> fromFork = events.subList(3, events.size());
        assertEquals(batch.size(), fromFork.size());
        for (int i = 0; i < batch.size(); i++) {
            Event sent = batch.get(i);
            Event got = fromFork.get(i);
            assertEquals(sent.getPayloadCase(), got.getPayloadCase());
            String sentId = sent.hasTestBegin() ? sent.getTestBegin().getTestCase().getId()
                    : sent.getTestEnd().getTestCase().getId();
            String gotId = got.hasTestBegin() ? got.getTestBegin().getTestCase().getId()
                    : got.getTestEnd().getTestCase().getId();
            assertEquals(sentId, gotId);
        }
        assertSequencesWithoutGaps();
    }

    @Test
    void aForkEventPassedOnUnreadKeepsEveryFieldTheForkSetAndGetsTheRunId() {
        startWithOneExecution();
        Event output = Event.newBuilder().setSequence(5)
                .setEmittedAt(at(START.plusSeconds(3)))
                .setStdOutput(StdOutputEventRequest.newBuilder().setTestId("test-1").setMessage("hello\u00e9\ud83d\ude00"))
                .build();

        forkEvents(FORK, Collections.singletonList(output));

        Event got = only(Event.PayloadCase.STD_OUTPUT);
        assertEquals(output.getStdOutput().toBuilder().setRunId(RUN_ID).build(), got.getStdOutput());
        assertEquals(at(START.plusSeconds(3)), got.getEmittedAt(), "the fork's emission time is kept");
        assertEquals(4, got.getSequence(), "the run's sequence replaces the fork's");
    }

    @Test
    void aSuiteOrTestPayloadThatDoesNotParseEndsTheForksBatchThere() {
        startWithOneExecution();
        TestCaseRun first = forkTest("test-1", "t1");
        List<EncodedEvent> sent = new ArrayList<>(encoded(Arrays.asList(testBegin(first), testEnd(first, TestStatus.PASSED))));
        // A test begin whose test case is a length-delimited field running past its end.
        sent.add(EncodedEvent.newBuilder().setSequence(3).setTestBegin(ByteString.copyFrom(new byte[] {0x0a, 0x7f, 0x01}))
                .build());
        sent.add(encoded(testBegin(forkTest("test-2", "t2"))));

        assertThrows(InvalidProtocolBufferException.class, () -> run.forkEvents(FORK, sent));

        assertEquals(2, events.size() - 3, "the two events before the malformed one are the run's");
        assertEquals(1, of(Event.PayloadCase.TEST_BEGIN).size());
        assertSequencesWithoutGaps();
    }

    /**
     * A failure of the run's own on a fork's event (a bug) says how many of the batch's events
     * it did not take, for the build to count them: those before it are the run's.
     */
    @Test
    void aBugOnAForksEventSaysHowManyOfTheBatchWereNotTaken() {
        int[] accepted = {0};
        run = new Run(RUN_ID, "ledger", Collections.emptyMap(), event -> {
            // The run start, the ROOT and PROJECT begins, then the fork's first two events.
            if (++accepted[0] == 6) {
                throw new IllegalStateException("a bug");
            }
            events.add(decoded(event));
            return true;
        }, clock);
        startWithOneExecution();
        TestCaseRun first = forkTest("test-1", "t1");
        List<Event> sent = Arrays.asList(testBegin(first), testEnd(first, TestStatus.PASSED),
                testBegin(forkTest("test-2", "t2")), testBegin(forkTest("test-3", "t3")));

        Run.EventsNotTaken bug = assertThrows(Run.EventsNotTaken.class, () -> run.forkEvents(FORK, encoded(sent)));

        assertEquals(2, bug.count(), "the third event and the fourth");
        assertEquals("a bug", bug.getCause().getMessage());
        assertEquals(2, events.size() - 3, "the two events before it are the run's");
    }

    @Test
    void aForkEventKeepsTheTimeItWasEmittedAt() {
        startWithOneExecution();
        Timestamp earlier = at(START.minusSeconds(5));

        forkEvents(FORK, Collections.singletonList(
                testBegin(forkTest("test-1", "t")).toBuilder().setEmittedAt(earlier).build()));

        assertEquals(earlier, last().getEmittedAt());
    }

    @Test
    void eventsFromAnUnknownForkAreIgnored() {
        startWithOneExecution();
        int before = events.size();

        forkEvents("fork-nobody-knows", Collections.singletonList(testBegin(forkTest("test-1", "t"))));

        assertEquals(before, events.size());
    }

    @Test
    void aForkOfAnUnknownExecutionStartsTheRunAndGetsAProjectSuite() {
        run.forkConnected(FORK, "some:execution", "pid 1");
        forkEvents(FORK, Collections.singletonList(testBegin(forkTest("test-1", "t"))));

        assertEquals(Event.PayloadCase.RUN_START, events.get(0).getPayloadCase());
        String projectId = projectSuiteId();
        assertEquals(projectId, last().getTestBegin().getTestCase().getTestSuiteId());
        assertSequencesWithoutGaps();
    }

    @Test
    void anOpenTestIsKeptWithoutTheForksFrame() throws Exception {
        startWithOneExecution();
        // As the fork connection reads a frame: the events' payloads alias the frame's bytes.
        byte[] frame = EncodedEvents.encode(testBegin(forkTest("test-1", "hangs()"))).toByteArray();
        CodedInputStream in = UnsafeByteOperations.unsafeWrap(frame).newCodedInput();
        in.enableAliasing(true);
        run.forkEvents(FORK, Collections.singletonList(EncodedEvent.parseFrom(in)));
        // Overwritten, the frame shows whether the run kept a copy of the begin or the frame itself,
        // which would hold the whole frame (up to 1 MiB) for as long as the test runs.
        Arrays.fill(frame, (byte) 0);

        run.forkClosed(FORK, false);

        TestCaseRun interrupted = only(Event.PayloadCase.TEST_END).getTestEnd().getTestCase();
        assertEquals("test-1", interrupted.getId());
        assertEquals("hangs()", interrupted.getName());
    }

    @Test
    void anOpenTestWhoseBeginDoesNotParseWholeStillEndsWhenItsForkDies() throws Exception {
        // The malformed begin goes on as the fork sent it; this sink keeps what decodes.
        List<Event> sent = new ArrayList<>();
        run = new Run(RUN_ID, "ledger", Collections.emptyMap(), event -> {
            try {
                sent.add(EncodedEvents.decode(event));
            } catch (InvalidProtocolBufferException passedOn) {
                // the begin
            }
            return true;
        }, clock);
        startWithOneExecution();
        // The run reads a begin's head only; a name that is not UTF-8 shows only in a whole parse.
        ByteString badName = ByteString.copyFrom(new byte[] {0x12, 0x02, (byte) 0xC3, 0x28}); // field 2, "\xC3("
        ByteString testCase = forkTest("test-1", "").toBuilder().putMetadata("class", "com.example.LedgerTest")
                .build().toByteString().concat(badName);
        ByteString.Output begin = ByteString.newOutput();
        CodedOutputStream out = CodedOutputStream.newInstance(begin);
        out.writeBytes(1, testCase); // TestBeginEventRequest.test_case
        out.flush();
        ByteString malformed = begin.toByteString();
        run.forkEvents(FORK, Collections.singletonList(EncodedEvent.newBuilder().setSequence(1)
                .setTestBegin(malformed).build()));

        run.forkClosed(FORK, false);

        List<Event> ends = sent.stream().filter(Event::hasTestEnd).collect(Collectors.toList());
        assertEquals(1, ends.size(), sent.toString());
        TestCaseRun interrupted = ends.get(0).getTestEnd().getTestCase();
        assertEquals("test-1", interrupted.getId());
        assertEquals(TestStatus.INTERRUPTED, interrupted.getStatus());
        assertEquals("com.example.LedgerTest", interrupted.getMetadataMap().get("class"));
    }

    @Test
    void aForkThatDiesEndsItsOpenTestAsInterruptedAndItsOpenSuites() {
        startWithOneExecution();
        TestSuiteRun suite = forkSuite("class-1", "com.example.LedgerTest");
        TestSuiteRun nested = forkSuite("nested-1", "Deposits").toBuilder().setParentSuiteId("class-1").build();
        TestCaseRun done = forkTest("test-0", "finished()");
        TestCaseRun open = forkTest("test-1", "hangs()");
        forkEvents(FORK, Arrays.asList(suiteBegin(suite), suiteBegin(nested), testBegin(done),
                testEnd(done, TestStatus.PASSED), testBegin(open)));
        int before = events.size();
        clock.advance(Duration.ofSeconds(3));

        String left = run.forkClosed(FORK, false);

        assertTrue(left.contains("hangs()"), left);
        List<Event> closing = events.subList(before, events.size());
        assertEquals(3, closing.size(), closing.toString());

        TestCaseRun interrupted = closing.get(0).getTestEnd().getTestCase();
        assertEquals(Event.PayloadCase.TEST_END, closing.get(0).getPayloadCase());
        assertEquals("test-1", interrupted.getId());
        assertEquals(TestStatus.INTERRUPTED, interrupted.getStatus());
        assertEquals(RUN_ID, interrupted.getRunId());
        assertEquals(projectSuiteId(), interrupted.getTestSuiteId());
        assertTrue(interrupted.getErrorMessage().contains("pid 4242"), interrupted.getErrorMessage());
        assertEquals(at(START.plusSeconds(3)), interrupted.getEndTime());
        assertEquals(3, interrupted.getDuration().getSeconds());

        assertEquals(Event.PayloadCase.SUITE_END, closing.get(1).getPayloadCase());
        assertEquals("nested-1", closing.get(1).getSuiteEnd().getSuite().getId(), "innermost suite ends first");
        assertEquals(TestStatus.INTERRUPTED, closing.get(1).getSuiteEnd().getSuite().getStatus());
        assertEquals("class-1", closing.get(2).getSuiteEnd().getSuite().getId());
        assertEquals(TestStatus.INTERRUPTED, closing.get(2).getSuiteEnd().getSuite().getStatus());
        assertSequencesWithoutGaps();

        run.end(true);
        assertEquals(TestStatus.FAILED, last().getRunEnd().getFinalStatus());
        assertEquals("pid 4242", last().getRunEnd().getMetadataMap().get("forks_died"));
        assertEquals(1L, run.testsByStatus().get(TestStatus.INTERRUPTED));
        assertEquals(1L, run.testsByStatus().get(TestStatus.PASSED));
    }

    @Test
    void aForkThatSaysGoodbyeWithNothingOpenEndsNothing() {
        startWithOneExecution();
        TestCaseRun test = forkTest("test-1", "t");
        forkEvents(FORK, Arrays.asList(testBegin(test), testEnd(test, TestStatus.PASSED)));
        int before = events.size();

        assertEquals("", run.forkClosed(FORK, true));

        assertEquals(before, events.size());
        run.end(true);
        assertEquals(TestStatus.PASSED, last().getRunEnd().getFinalStatus());
        assertFalse(last().getRunEnd().getMetadataMap().containsKey("forks_died"));
    }

    @Test
    void aForkThatSaysGoodbyeWithATestOpenExitedUnderItAndDied() {
        // System.exit in a test: the fork's shutdown hook sends what it holds and says goodbye.
        startWithOneExecution();
        TestCaseRun test = forkTest("test-1", "t");
        forkEvents(FORK, Arrays.asList(testBegin(test)));

        assertFalse(run.forkClosed(FORK, true).isEmpty());
        assertEquals(TestStatus.INTERRUPTED, events.get(events.size() - 1).getTestEnd().getTestCase().getStatus());
        run.end(true);
        assertEquals(TestStatus.FAILED, last().getRunEnd().getFinalStatus());
        assertEquals("pid 4242", last().getRunEnd().getMetadataMap().get("forks_died"));
    }

    @Test
    void aForkThatDiesWithNothingOpenStillFailsTheRun() {
        startWithOneExecution();
        TestCaseRun test = forkTest("test-1", "t");
        forkEvents(FORK, Arrays.asList(testBegin(test), testEnd(test, TestStatus.PASSED)));

        assertEquals("", run.forkClosed(FORK, false));
        run.end(true);

        assertEquals(TestStatus.FAILED, last().getRunEnd().getFinalStatus());
        assertEquals("pid 4242", last().getRunEnd().getMetadataMap().get("forks_died"));
    }

    @Test
    void endClosesEverythingThenTheRootThenTheRun() {
        startWithOneExecution();
        TestCaseRun test = forkTest("test-1", "t");
        forkEvents(FORK, Arrays.asList(testBegin(test), testEnd(test, TestStatus.PASSED)));
        run.forkClosed(FORK, true);
        run.executionEnded(EXECUTION, true);
        clock.advance(Duration.ofSeconds(90));

        assertTrue(run.end(true));

        Event runEnd = last();
        Event rootEnd = events.get(events.size() - 2);
        Event projectEnd = events.get(events.size() - 3);
        assertEquals(SuiteType.PROJECT, projectEnd.getSuiteEnd().getSuite().getType());
        assertEquals(TestStatus.PASSED, projectEnd.getSuiteEnd().getSuite().getStatus());
        assertEquals(SuiteType.ROOT, rootEnd.getSuiteEnd().getSuite().getType());
        assertEquals(TestStatus.PASSED, rootEnd.getSuiteEnd().getSuite().getStatus());
        assertEquals(90, rootEnd.getSuiteEnd().getSuite().getDuration().getSeconds());
        assertEquals(Event.PayloadCase.RUN_END, runEnd.getPayloadCase());
        TestRunEndEventRequest end = runEnd.getRunEnd();
        assertEquals(RUN_ID, end.getRunId());
        assertEquals(TestStatus.PASSED, end.getFinalStatus());
        assertEquals(at(START), end.getStartTime());
        assertEquals(90, end.getDuration().getSeconds());
        assertEquals("1", end.getMetadataMap().get("tests_passed"));
        assertSequencesWithoutGaps();
        assertEquals(events.size(), run.events());
    }

    @Test
    void endClosesAnExecutionThatIsStillOpenBeforeTheRoot() {
        startWithOneExecution();
        run.forkClosed(FORK, true);

        run.end(true);

        List<Event> ends = of(Event.PayloadCase.SUITE_END);
        assertEquals(2, ends.size());
        assertEquals(SuiteType.PROJECT, ends.get(0).getSuiteEnd().getSuite().getType());
        assertEquals(SuiteType.ROOT, ends.get(1).getSuiteEnd().getSuite().getType());
        assertEquals(Event.PayloadCase.RUN_END, last().getPayloadCase());
    }

    @Test
    void endWithAForkStillConnectedInterruptsItsOpenTest() {
        startWithOneExecution();
        forkEvents(FORK, Collections.singletonList(testBegin(forkTest("test-1", "t"))));

        run.end(true);

        List<Event> testEnds = of(Event.PayloadCase.TEST_END);
        assertEquals(1, testEnds.size());
        assertEquals(TestStatus.INTERRUPTED, testEnds.get(0).getTestEnd().getTestCase().getStatus());
        assertEquals(TestStatus.FAILED, last().getRunEnd().getFinalStatus());
        assertSequencesWithoutGaps();
    }

    @Test
    void aFailedTestFailsTheRunAndItsProjectSuite() {
        startWithOneExecution();
        TestCaseRun passed = forkTest("test-1", "a");
        TestCaseRun failed = forkTest("test-2", "b");
        TestCaseRun skipped = forkTest("test-3", "c");
        forkEvents(FORK, Arrays.asList(testBegin(passed), testEnd(passed, TestStatus.PASSED),
                testBegin(failed), testEnd(failed, TestStatus.FAILED),
                testBegin(skipped), testEnd(skipped, TestStatus.SKIPPED)));
        run.forkClosed(FORK, true);
        run.executionEnded(EXECUTION, false);

        run.end(true);

        Event projectEnd = of(Event.PayloadCase.SUITE_END).get(0);
        assertEquals(SuiteType.PROJECT, projectEnd.getSuiteEnd().getSuite().getType());
        assertEquals(TestStatus.FAILED, projectEnd.getSuiteEnd().getSuite().getStatus());
        Event rootEnd = events.get(events.size() - 2);
        assertEquals(SuiteType.ROOT, rootEnd.getSuiteEnd().getSuite().getType());
        assertEquals(TestStatus.FAILED, rootEnd.getSuiteEnd().getSuite().getStatus());
        TestRunEndEventRequest end = last().getRunEnd();
        assertEquals(TestStatus.FAILED, end.getFinalStatus());
        assertEquals("1", end.getMetadataMap().get("tests_passed"));
        assertEquals("1", end.getMetadataMap().get("tests_failed"));
        assertEquals("1", end.getMetadataMap().get("tests_skipped"));
    }

    @Test
    void aRerunReplacesTheFailedAttemptInTheCountsSoAFlakyTestFailsNothing() {
        startWithOneExecution();
        TestCaseRun flaky = forkTest("test-1", "flaky");
        TestCaseRun flakyAgain = flaky.toBuilder().setRetryIndex(1).build();
        TestCaseRun failing = forkTest("test-2", "always");
        TestCaseRun failingAgain = failing.toBuilder().setRetryIndex(1).build();
        forkEvents(FORK, Arrays.asList(testBegin(flaky), testEnd(flaky, TestStatus.FAILED),
                testBegin(failing), testEnd(failing, TestStatus.BROKEN),
                testBegin(flakyAgain), testEnd(flakyAgain, TestStatus.PASSED),
                testBegin(failingAgain), testEnd(failingAgain, TestStatus.FAILED)));
        assertEquals(1L, run.testsByStatus().get(TestStatus.PASSED));
        assertEquals(1L, run.testsByStatus().get(TestStatus.FAILED));
        assertEquals(null, run.testsByStatus().get(TestStatus.BROKEN));

        TestCaseRun failingLast = failing.toBuilder().setRetryIndex(2).build();
        forkEvents(FORK, Arrays.asList(testBegin(failingLast), testEnd(failingLast, TestStatus.PASSED)));
        run.forkClosed(FORK, true);
        run.executionEnded(EXECUTION, true);
        run.end(true);

        assertEquals(2L, run.testsByStatus().get(TestStatus.PASSED));
        assertEquals(1, run.testsByStatus().size(), run.testsByStatus().toString());
        assertEquals(TestStatus.PASSED, of(Event.PayloadCase.SUITE_END).get(0).getSuiteEnd().getSuite().getStatus());
        assertEquals(TestStatus.PASSED, last().getRunEnd().getFinalStatus());
        assertEquals("2", last().getRunEnd().getMetadataMap().get("tests_passed"));
    }

    @Test
    void skippedTestsDoNotFailTheRun() {
        startWithOneExecution();
        TestCaseRun skipped = forkTest("test-1", "c");
        forkEvents(FORK, Arrays.asList(testBegin(skipped), testEnd(skipped, TestStatus.SKIPPED)));
        run.forkClosed(FORK, true);

        run.end(true);

        assertEquals(TestStatus.PASSED, last().getRunEnd().getFinalStatus());
    }

    @Test
    void aFailedBuildFailsARunWhoseTestsPassed() {
        startWithOneExecution();
        TestCaseRun test = forkTest("test-1", "t");
        forkEvents(FORK, Arrays.asList(testBegin(test), testEnd(test, TestStatus.PASSED)));
        run.forkClosed(FORK, true);

        run.end(false);

        assertEquals(TestStatus.FAILED, last().getRunEnd().getFinalStatus());
    }

    @Test
    void aFailedExecutionWithoutFailedTestsIsBroken() {
        startWithOneExecution();
        run.forkClosed(FORK, true);

        run.executionEnded(EXECUTION, false);

        assertEquals(TestStatus.BROKEN, last().getSuiteEnd().getSuite().getStatus());
    }

    @Test
    void anExecutionEndsOnce() {
        startWithOneExecution();
        run.forkClosed(FORK, true);
        run.executionEnded(EXECUTION, true);
        int before = events.size();

        run.executionEnded(EXECUTION, true);

        assertEquals(before, events.size());
    }

    @Test
    void noForkEventIsAcceptedAfterTheEnd() {
        startWithOneExecution();
        forkEvents(FORK, Collections.singletonList(testBegin(forkTest("test-1", "t"))));
        run.end(true);
        List<Event> atEnd = new ArrayList<>(events);

        forkEvents(FORK, Collections.singletonList(testEnd(forkTest("test-1", "t"), TestStatus.PASSED)));
        run.forkConnected("fork-2", EXECUTION, "pid 5");
        forkEvents("fork-2", Collections.singletonList(testBegin(forkTest("test-2", "t2"))));
        run.forkClosed("fork-2", false);
        run.forkClosed(FORK, false);
        run.executionEnded(EXECUTION, false);
        run.end(false);

        assertEquals(atEnd, events);
        assertEquals(Event.PayloadCase.RUN_END, last().getPayloadCase());
    }

    /**
     * The class says "nothing is accepted after" the end; a late execution or a fork of an unknown
     * execution must not put a suite begin after the run end (invariant 2: run end last).
     */
    @Test
    void noExecutionIsAcceptedAfterTheEnd() {
        startWithOneExecution();
        run.end(true);
        List<Event> atEnd = new ArrayList<>(events);

        run.executionStarted("com.example:ledger-web:maven-surefire-plugin:test:default-test",
                "ledger-web (surefire:test)", "com.example:ledger-web");
        run.forkConnected("fork-3", "some:unknown:execution", "pid 6");

        if (!atEnd.equals(events)) {
            fail("emitted after the run end: " + events.subList(atEnd.size(), events.size()).stream()
                    .map(event -> event.getSequence() + " " + event.getPayloadCase() + " "
                            + event.getSuiteBegin().getSuite().getName())
                    .collect(Collectors.toList()));
        }
    }

    @Test
    void endTwiceEmitsOneRunEnd() {
        startWithOneExecution();

        assertTrue(run.end(true));
        assertTrue(run.end(true));

        assertEquals(1, of(Event.PayloadCase.RUN_END).size());
    }

    @Test
    void heartbeatsOnlyBetweenTheStartAndTheEnd() {
        run.heartbeat("source-1");
        assertTrue(events.isEmpty(), "no heartbeat before the run started");

        startWithOneExecution();
        forkEvents(FORK, Collections.singletonList(testBegin(forkTest("test-1", "t"))));
        clock.advance(Duration.ofSeconds(30));
        run.heartbeat("source-1");

        Event heartbeat = last();
        assertEquals(Event.PayloadCase.HEARTBEAT, heartbeat.getPayloadCase());
        assertEquals("source-1", heartbeat.getHeartbeat().getSourceId());
        assertEquals(at(START.plusSeconds(30)), heartbeat.getHeartbeat().getTimestamp());
        assertSequencesWithoutGaps();

        run.end(true);
        int atEnd = events.size();
        run.heartbeat("source-1");
        assertEquals(atEnd, events.size(), "no heartbeat after the run end");
    }

    @Test
    void countsTestsByStatus() {
        startWithOneExecution();
        TestCaseRun a = forkTest("a", "a");
        TestCaseRun b = forkTest("b", "b");
        forkEvents(FORK, Arrays.asList(testBegin(a), testEnd(a, TestStatus.PASSED),
                testBegin(b), testEnd(b, TestStatus.PASSED)));

        Map<TestStatus, Long> counts = run.testsByStatus();

        assertEquals(Collections.singletonMap(TestStatus.PASSED, 2L), counts);
        assertEquals(RUN_ID, run.id());
    }
}
