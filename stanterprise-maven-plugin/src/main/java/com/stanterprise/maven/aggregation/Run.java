package com.stanterprise.maven.aggregation;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UnsafeByteOperations;
import com.stanterprise.aggregator.v1.EncodedEvent;
import com.stanterprise.testsystem.v1.common.TestStatus;
import com.stanterprise.testsystem.v1.entities.SuiteType;
import com.stanterprise.testsystem.v1.entities.TestCaseRun;
import com.stanterprise.testsystem.v1.entities.TestSuiteRun;
import com.stanterprise.testsystem.v1.events.HeartbeatEventRequest;
import com.stanterprise.testsystem.v1.events.ReportRunStartEventRequest;
import com.stanterprise.testsystem.v1.events.SuiteBeginEventRequest;
import com.stanterprise.testsystem.v1.events.SuiteEndEventRequest;
import com.stanterprise.testsystem.v1.events.TestBeginEventRequest;
import com.stanterprise.testsystem.v1.events.TestEndEventRequest;
import com.stanterprise.testsystem.v1.events.TestErrorEventRequest;
import com.stanterprise.testsystem.v1.events.TestFailureEventRequest;
import com.stanterprise.testsystem.v1.events.TestRunEndEventRequest;
import com.stanterprise.testsystem.v1.observer.Event;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The run: one per {@code mvn} invocation. It owns the run id, the suite tree above the test
 * classes (ROOT, then one PROJECT suite per module and Surefire/Failsafe execution) and the one
 * sequence counter, and it closes what a fork leaves open. Every event passes through here, one
 * at a time, so the sequence order is the order the collector must apply.
 */
public final class Run {

    /** The metadata {@code source} of a test taken from Surefire's reports, not from a fork. */
    public static final String SOURCE_SUREFIRE_REPORT = "surefire-report";

    private final String runId;
    private final RunIdStamp stamp;
    private final String name;
    private final EventSink sink;
    private final Clock clock;
    private final TestSuiteRun root;
    private final Instant start;

    private final Map<String, String> metadata;
    private long sequence;
    /** Events the run made, those the sink dropped included. */
    private long emitted;
    private boolean started;
    private boolean ended;
    private final Map<String, ExecutionSuite> executions = new HashMap<>();
    private final Map<String, Fork> forks = new HashMap<>();
    private final Map<TestStatus, Long> testsByStatus = new EnumMap<>(TestStatus.class);
    private final List<String> diedForks = new ArrayList<>();

    /** A module's Surefire or Failsafe execution, as a PROJECT suite. */
    private static final class ExecutionSuite {
        final TestSuiteRun begin;
        /**
         * Per kind of suite or test event: the run id and this suite as the parent, encoded as a
         * payload of that kind, to be appended to a fork's payload that names no parent.
         */
        final Map<Event.PayloadCase, ByteString> placement = new EnumMap<>(Event.PayloadCase.class);
        /** Its tests by the status of their last attempt. */
        final Map<TestStatus, Long> tests = new EnumMap<>(TestStatus.class);
        /** The tests whose last attempt did not pass: only they are run again. */
        final Map<String, TestStatus> unsuccessful = new HashMap<>();
        /** The tests its forks began, by class and method ({@link ReportedTest#key()}), to match with Surefire's reports. */
        final Map<String, Set<String>> received = new HashMap<>();
        int forksConnected;
        int forksDied;
        /** Tests whose outcome came from Surefire's reports. */
        int fromReports;
        boolean open = true;
        /** Its begin was emitted: with its first fork's first events, or at its end. */
        boolean begun;

        ExecutionSuite(TestSuiteRun begin) {
            this.begin = begin;
            TestSuiteRun suite = TestSuiteRun.newBuilder().setRunId(begin.getRunId()).setParentSuiteId(begin.getId()).build();
            TestCaseRun test = TestCaseRun.newBuilder().setRunId(begin.getRunId()).setTestSuiteId(begin.getId()).build();
            placement.put(Event.PayloadCase.SUITE_BEGIN,
                    SuiteBeginEventRequest.newBuilder().setSuite(suite).build().toByteString());
            placement.put(Event.PayloadCase.SUITE_END,
                    SuiteEndEventRequest.newBuilder().setSuite(suite).build().toByteString());
            placement.put(Event.PayloadCase.TEST_BEGIN,
                    TestBeginEventRequest.newBuilder().setTestCase(test).build().toByteString());
            placement.put(Event.PayloadCase.TEST_END,
                    TestEndEventRequest.newBuilder().setTestCase(test).build().toByteString());
        }

        TestStatus worst() {
            TestStatus worst = TestStatus.PASSED;
            for (TestStatus status : tests.keySet()) {
                if (rank(status) > rank(worst)) {
                    worst = status;
                }
            }
            return worst;
        }
    }

    /** What one fork connection has begun and not yet ended. */
    private static final class Fork {
        final String executionKey;
        final String description;
        /** Each open test's begin payload, as the fork encoded it. */
        final Map<String, ByteString> openTests = new LinkedHashMap<>();
        final Map<String, TestSuiteRun> openSuites = new LinkedHashMap<>();

        Fork(String executionKey, String description) {
            this.executionKey = executionKey;
            this.description = description;
        }
    }

    /**
     * @param metadata what the run start carries about the build (project, goals, versions)
     */
    public Run(String runId, String name, Map<String, String> metadata, EventSink sink, Clock clock) {
        this.runId = runId;
        this.stamp = new RunIdStamp(runId);
        this.metadata = new LinkedHashMap<>(metadata);
        this.name = name;
        this.sink = sink;
        this.clock = clock;
        this.start = clock.instant();
        this.root = TestSuiteRun.newBuilder()
                .setId(stableId("root", runId))
                .setName(name)
                .setType(SuiteType.ROOT)
                .setRunId(runId)
                .setStartTime(timestamp(start))
                .setStatus(TestStatus.RUNNING)
                .build();
    }

    public String id() {
        return runId;
    }

    /**
     * Run start, then the ROOT suite's begin. Called with the first test execution, so that a
     * build that runs no tests ({@code mvn compile}) reports no run.
     */
    private void startOnce() {
        if (started) {
            return;
        }
        started = true;
        emit(Event.newBuilder().setRunStart(ReportRunStartEventRequest.newBuilder()
                .setRunId(runId)
                .setName(name)
                .addTestSuites(root)
                .putAllMetadata(metadata)));
        emit(Event.newBuilder().setSuiteBegin(SuiteBeginEventRequest.newBuilder().setSuite(root)));
    }

    /**
     * A Surefire or Failsafe execution starts. Its PROJECT suite (and the run, for the first one)
     * begins with its first fork's first events, so that the opening events share their batch
     * instead of going alone while the test JVM starts; its start time is now.
     */
    public synchronized void executionStarted(String executionKey, String suiteName, String project) {
        if (ended) {
            return;
        }
        ExecutionSuite existing = executions.get(executionKey);
        if (existing != null && existing.open) {
            return;
        }
        TestSuiteRun begin = TestSuiteRun.newBuilder()
                .setId(stableId("project", executionKey))
                .setName(suiteName)
                .setType(SuiteType.PROJECT)
                .setParentSuiteId(root.getId())
                .setProject(project)
                .setRunId(runId)
                .setStartTime(timestamp(clock.instant()))
                .setStatus(TestStatus.RUNNING)
                .putMetadata("execution", executionKey)
                .build();
        executions.put(executionKey, new ExecutionSuite(begin));
    }

    /** The run start and ROOT begin once, then the execution's PROJECT begin once. */
    private void begin(ExecutionSuite execution) {
        if (execution.begun) {
            return;
        }
        execution.begun = true;
        startOnce();
        emit(Event.newBuilder().setSuiteBegin(SuiteBeginEventRequest.newBuilder().setSuite(execution.begin)));
    }

    /**
     * The execution is over and its forks are closed: its PROJECT suite ends. One that ran no
     * test JVM, sent nothing and took nothing from Surefire's reports ({@code -DskipTests}, a
     * module without tests) and succeeded ran no tests: it is not reported, nor does it start the
     * run. One that failed so is: Surefire tried to run tests and could not (a JVM that did not
     * start), and the collector sees it BROKEN.
     */
    public synchronized void executionEnded(String executionKey, boolean succeeded) {
        ExecutionSuite execution = executions.get(executionKey);
        if (execution == null || !execution.open) {
            return;
        }
        execution.open = false;
        if (!execution.begun && execution.forksConnected == 0 && succeeded) {
            return;
        }
        begin(execution);
        TestStatus worst = execution.worst();
        TestStatus status = !succeeded && rank(worst) < rank(TestStatus.FAILED) ? TestStatus.BROKEN : worst;
        emit(Event.newBuilder().setSuiteEnd(SuiteEndEventRequest.newBuilder().setSuite(ended(execution.begin, status))));
    }

    public synchronized void forkConnected(String forkId, String executionKey, String description) {
        if (ended) {
            return;
        }
        if (!executions.containsKey(executionKey)) {
            // A fork we were not told about (a provider that runs tests outside a known mojo).
            executionStarted(executionKey, executionKey, "");
        }
        forks.put(forkId, new Fork(executionKey, description));
        executions.get(executionKey).forksConnected++;
    }

    /**
     * A batch from a fork, in the fork's order. Only suite and test begins and ends are decoded,
     * to know what the fork has open and how its tests ended; every payload gets the run's
     * fields appended to its encoding (see {@link RunIdStamp}) and goes on without re-encoding.
     *
     * @return false when the run had ended (or the fork connected only after it): it took none
     *     of them, and the caller counts them as lost
     * @throws InvalidProtocolBufferException for a suite or test payload that does not parse:
     *     the events before it are the run's, the fork's connection is closed
     * @throws EventsNotTaken when the run failed on one of the events, a bug of its own: the
     *     events before it are the run's
     */
    public synchronized boolean forkEvents(String forkId, List<EncodedEvent> events)
            throws InvalidProtocolBufferException {
        Fork fork = forks.get(forkId);
        if (fork == null || ended) {
            return false;
        }
        ExecutionSuite execution = executions.get(fork.executionKey);
        int taken = 0;
        try {
            begin(execution);
            for (EncodedEvent event : events) {
                EncodedEvent.Builder builder = event.toBuilder();
                if (track(fork, execution, event)) {
                    // A suite or test without a parent hangs under the execution's PROJECT suite.
                    RunIdStamp.append(builder, execution.placement.get(EncodedEvents.kind(event)));
                } else {
                    stamp.stamp(builder);
                }
                emit(builder);
                taken++;
            }
        } catch (RuntimeException bug) {
            throw new EventsNotTaken(events.size() - taken, bug);
        }
        return true;
    }

    /**
     * The run failed on one of a fork's events, a bug of the extension's (not of the fork): that
     * event and those after it in the batch were not taken.
     */
    public static final class EventsNotTaken extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int count;

        EventsNotTaken(int count, RuntimeException bug) {
            super(bug.toString(), bug);
            this.count = count;
        }

        public int count() {
            return count;
        }
    }

    /** Keeps count of what the fork has open. @return whether the event hangs under the execution itself */
    private boolean track(Fork fork, ExecutionSuite execution, EncodedEvent event) throws InvalidProtocolBufferException {
        switch (event.getPayloadCase()) {
            case SUITE_BEGIN:
                return suiteBegun(fork, event.getSuiteBegin());
            case SUITE_END:
                return suiteEnded(fork, event.getSuiteEnd());
            case TEST_BEGIN:
                return testBegun(fork, execution, event.getTestBegin());
            case TEST_END:
                return testEnded(fork, execution, event.getTestEnd());
            default:
                return false;
        }
    }

    private static boolean suiteBegun(Fork fork, ByteString payload) throws InvalidProtocolBufferException {
        TestSuiteRun suite = SuiteBeginEventRequest.parseFrom(payload).getSuite();
        fork.openSuites.put(suite.getId(), suite);
        return suite.getParentSuiteId().isEmpty();
    }

    private static boolean suiteEnded(Fork fork, ByteString payload) throws InvalidProtocolBufferException {
        TestSuiteRun suite = SuiteEndEventRequest.parseFrom(payload).getSuite();
        fork.openSuites.remove(suite.getId());
        return suite.getParentSuiteId().isEmpty();
    }

    private static boolean testBegun(Fork fork, ExecutionSuite execution, ByteString payload)
            throws InvalidProtocolBufferException {
        TestHead test = TestHead.of(payload);
        // A copy: the payload shares the fork's whole frame, which an open test would keep.
        fork.openTests.put(test.id, UnsafeByteOperations.unsafeWrap(payload.toByteArray()));
        execution.received.computeIfAbsent(ReportedTest.key(test.className, test.method),
                key -> new HashSet<>()).add(test.id);
        return test.testSuiteId.isEmpty();
    }

    private boolean testEnded(Fork fork, ExecutionSuite execution, ByteString payload)
            throws InvalidProtocolBufferException {
        TestHead test = TestHead.of(payload);
        fork.openTests.remove(test.id);
        counted(execution, test.id, test.retryIndex, test.status);
        return test.testSuiteId.isEmpty();
    }

    /**
     * The fork's connection closed. Without a goodbye the JVM died: every test and suite it
     * left open ends here, so that a test that began always ends at the collector. A goodbye
     * that leaves something open comes from the fork's shutdown hook, when a test ended the JVM
     * (System.exit): the JVM died under that test all the same.
     *
     * @return what was left open, for the build log; empty when nothing was
     */
    public synchronized String forkClosed(String forkId, boolean saidGoodbye) {
        return forkClosed(forkId, saidGoodbye, Collections.emptyList());
    }

    /**
     * As {@link #forkClosed(String, boolean)}, knowing what Surefire has reported of the fork's
     * execution so far. A class the fork left open that Surefire reports completed had only its
     * last events still in the dead JVM's buffer: its open tests end with the report's status,
     * its tests the fork never sent are taken from the report inside its suite, and its suites
     * end with the report's outcome. Only the class the JVM died in ends INTERRUPTED; Surefire
     * writes no report for it.
     *
     * @param reported the test cases of the reports the fork's execution wrote so far
     */
    public synchronized String forkClosed(String forkId, boolean saidGoodbye, List<ReportedTest> reported) {
        Fork fork = forks.remove(forkId);
        if (fork != null && !saidGoodbye) {
            executions.get(fork.executionKey).forksDied++;
        }
        if (fork == null || ended || (fork.openTests.isEmpty() && fork.openSuites.isEmpty())) {
            if (fork != null && !saidGoodbye) {
                diedForks.add(fork.description);
            }
            return "";
        }
        ExecutionSuite execution = executions.get(fork.executionKey);
        Map<String, TestSuiteRun> completedClasses = completedClasses(fork, reported);
        Instant now = clock.instant();
        String reason = "The test JVM (" + fork.description + ") ended before this test did.";
        String parent = execution.begin.getId();
        Map<String, Integer> ordinal = new HashMap<>();
        int fromReports = 0;
        List<TestCaseRun> openTests = openTests(fork);
        for (TestCaseRun open : openTests) {
            String key = ReportedTest.key(open.getMetadataOrDefault("class", ""), open.getMetadataOrDefault("method", ""));
            ReportedTest report = topLevelClass(open.getMetadataOrDefault("class", ""), completedClasses) == null ? null
                    : lastOfItsKey(reported, key, execution.received.getOrDefault(key, Collections.emptySet()).size());
            // As the fork sent it, with the run's fields set (see forkEvents).
            TestCaseRun.Builder test = open.toBuilder()
                    .setRunId(runId)
                    .setTestSuiteId(open.getTestSuiteId().isEmpty() ? parent : open.getTestSuiteId())
                    .setEndTime(timestamp(now))
                    .setDuration(between(open.getStartTime(), now));
            TestStatus status;
            if (report == null) {
                status = TestStatus.INTERRUPTED;
                test.setErrorMessage(reason).addErrors(reason);
            } else {
                // Surefire saw it end; only its end event died in the buffer.
                status = report.status;
                fromReports++;
                test.putMetadata("source", SOURCE_SUREFIRE_REPORT);
                if (!report.message.isEmpty()) {
                    test.setErrorMessage(report.message).setStackTrace(report.stackTrace).addErrors(report.message);
                }
                failureOrError(report, open.getId(), open.getRetryIndex(), open.getExecutionId(), now);
            }
            test.setStatus(status);
            counted(execution, open.getId(), open.getRetryIndex(), status);
            emit(Event.newBuilder().setTestEnd(TestEndEventRequest.newBuilder().setTestCase(test)));
        }
        Map<String, TestStatus> classOutcomes = new HashMap<>();
        for (Map.Entry<String, TestSuiteRun> completed : completedClasses.entrySet()) {
            List<ReportedTest> ofClass = new ArrayList<>();
            for (ReportedTest test : reported) {
                if (completed.getKey().equals(topLevelClass(test.className, completedClasses))) {
                    ofClass.add(test);
                }
            }
            classOutcomes.put(completed.getKey(), outcome(ofClass));
            Map<String, Integer> received = new HashMap<>();
            execution.received.forEach((key, ids) -> received.put(key, ids.size()));
            List<ReportedTest> missing = MissingTests.of(ofClass, received);
            for (ReportedTest test : missing) {
                reportedTest(fork.executionKey, execution, completed.getValue().getId(),
                        fork.executionKey + '\n' + completed.getKey(), test,
                        ordinal.merge(completed.getKey() + '\n' + test.name, 1, Integer::sum));
            }
            fromReports += missing.size();
        }
        execution.fromReports += fromReports;
        List<TestSuiteRun> suites = new ArrayList<>(fork.openSuites.values());
        for (int i = suites.size() - 1; i >= 0; i--) {
            TestSuiteRun open = suites.get(i);
            TestSuiteRun placed = open.toBuilder()
                    .setRunId(runId)
                    .setParentSuiteId(open.getParentSuiteId().isEmpty() ? parent : open.getParentSuiteId())
                    .build();
            String completed = topLevelClass(open.getMetadataOrDefault("class", ""), completedClasses);
            emit(Event.newBuilder().setSuiteEnd(SuiteEndEventRequest.newBuilder().setSuite(ended(placed,
                    completed == null ? TestStatus.INTERRUPTED : classOutcomes.get(completed)))));
        }
        String left = fork.openTests.size() + " test(s) and " + fork.openSuites.size() + " suite(s) left open: "
                + String.join(", ", namesOf(openTests, fork.openSuites.values()))
                + (completedClasses.isEmpty() ? "" : "; Surefire's reports completed "
                        + String.join(", ", completedClasses.keySet()) + " (" + fromReports + " test(s))");
        diedForks.add(fork.description);
        return left;
    }

    /**
     * The classes whose FILE suite the fork left open although Surefire reports them: by class
     * name, their open suite. Surefire writes a class's report once the whole class ran.
     */
    private static Map<String, TestSuiteRun> completedClasses(Fork fork, List<ReportedTest> reported) {
        Set<String> reportedClasses = new HashSet<>();
        for (ReportedTest test : reported) {
            reportedClasses.add(test.className);
        }
        Map<String, TestSuiteRun> completed = new LinkedHashMap<>();
        for (TestSuiteRun suite : fork.openSuites.values()) {
            String className = suite.getMetadataOrDefault("class", "");
            if (suite.getType() != SuiteType.FILE || className.isEmpty()) {
                continue;
            }
            for (String reportedClass : reportedClasses) {
                if (reportedClass.equals(className) || reportedClass.startsWith(className + "$")) {
                    completed.put(className, suite);
                    break;
                }
            }
        }
        return completed;
    }

    /** The completed class a class (or a class nested in it) belongs to; null when none. */
    private static String topLevelClass(String className, Map<String, TestSuiteRun> completed) {
        for (String topLevel : completed.keySet()) {
            if (className.equals(topLevel) || className.startsWith(topLevel + "$")) {
                return topLevel;
            }
        }
        return null;
    }

    /** The report's n-th test of this class and method: the fork's n-th, the one still open. */
    private static ReportedTest lastOfItsKey(List<ReportedTest> reported, String key, int nth) {
        int seen = 0;
        for (ReportedTest test : reported) {
            if (test.key().equals(key) && ++seen == nth) {
                return test;
            }
        }
        return null;
    }

    /** A class's outcome from its tests: failures over passes over skips. */
    private static TestStatus outcome(List<ReportedTest> tests) {
        TestStatus worst = TestStatus.SKIPPED;
        for (ReportedTest test : tests) {
            if (test.status != TestStatus.SKIPPED && rank(test.status) >= rank(worst)) {
                worst = test.status;
            }
        }
        return worst;
    }

    /**
     * Whether Surefire's reports may know tests this execution's forks never sent: a fork died
     * (with what it had not yet flushed), or none connected at all.
     */
    public synchronized boolean mayHaveLostTests(String executionKey) {
        ExecutionSuite execution = executions.get(executionKey);
        return execution != null && execution.open && (execution.forksDied > 0 || execution.forksConnected == 0);
    }

    public synchronized int forksConnected(String executionKey) {
        ExecutionSuite execution = executions.get(executionKey);
        return execution == null ? 0 : execution.forksConnected;
    }

    /**
     * Before the execution's suite ends: every test in Surefire's reports of this execution that
     * no fork began is reported from what Surefire wrote (status, duration, message, stack
     * trace), inside a FILE suite per class marked {@code source=surefire-report}, so that the
     * collector counts what Surefire counts.
     *
     * @return how many tests were taken from the reports
     */
    public synchronized int fillIn(String executionKey, List<ReportedTest> reported) {
        ExecutionSuite execution = executions.get(executionKey);
        if (execution == null || !execution.open || ended) {
            return 0;
        }
        Map<String, Integer> received = new HashMap<>();
        execution.received.forEach((key, ids) -> received.put(key, ids.size()));
        Map<String, List<ReportedTest>> byClass = new LinkedHashMap<>();
        for (ReportedTest test : MissingTests.of(reported, received)) {
            byClass.computeIfAbsent(test.className, c -> new ArrayList<>()).add(test);
        }
        int filled = 0;
        for (Map.Entry<String, List<ReportedTest>> tests : byClass.entrySet()) {
            filled += fillIn(executionKey, execution, tests.getKey(), tests.getValue());
        }
        return filled;
    }

    private int fillIn(String executionKey, ExecutionSuite execution, String className, List<ReportedTest> tests) {
        begin(execution);
        Instant now = clock.instant();
        long longest = 0;
        for (ReportedTest test : tests) {
            longest = Math.max(longest, test.durationNanos);
        }
        String suiteKey = executionKey + '\n' + className;
        TestSuiteRun suite = TestSuiteRun.newBuilder()
                .setId(stableId("reported-suite", suiteKey))
                .setName(className.substring(className.lastIndexOf('.') + 1))
                .setType(SuiteType.FILE)
                .setParentSuiteId(execution.begin.getId())
                .setRunId(runId)
                .setStartTime(timestamp(now.minusNanos(longest)))
                .setLocation(className)
                .setExecutionId(stableId("reported-suite", suiteKey + "#0"))
                .setStatus(TestStatus.RUNNING)
                .putMetadata("class", className)
                .putMetadata("source", SOURCE_SUREFIRE_REPORT)
                .build();
        emit(Event.newBuilder().setSuiteBegin(SuiteBeginEventRequest.newBuilder().setSuite(suite)));
        Map<String, Integer> occurrences = new HashMap<>();
        for (ReportedTest reported : tests) {
            reportedTest(executionKey, execution, suite.getId(), suiteKey, reported,
                    occurrences.merge(reported.name, 1, Integer::sum));
        }
        emit(Event.newBuilder().setSuiteEnd(SuiteEndEventRequest.newBuilder().setSuite(ended(suite, outcome(tests)))));
        execution.fromReports += tests.size();
        return tests.size();
    }

    /**
     * One test from Surefire's report, begun and ended at once inside {@code suiteId}, with an id
     * that is the same in every run (its class, name and how many of that name came before).
     */
    private void reportedTest(String executionKey, ExecutionSuite execution, String suiteId, String suiteKey,
                              ReportedTest reported, int occurrence) {
        Instant now = clock.instant();
        String className = reported.className;
        String testKey = suiteKey + '\n' + reported.name + '\n' + occurrence;
        String id = stableId("reported-test", testKey);
        String executionId = stableId("reported-test", testKey + "#0");
        TestCaseRun.Builder test = TestCaseRun.newBuilder()
                .setId(id)
                .setName(reported.name.isEmpty() ? className.substring(className.lastIndexOf('.') + 1) : reported.name)
                .setRunId(runId)
                .setTestSuiteId(suiteId)
                .setStartTime(timestamp(now.minusNanos(reported.durationNanos)))
                .setLocation(reported.method().isEmpty() ? className : className + "#" + reported.method())
                .setExecutionId(executionId)
                .setStatus(TestStatus.RUNNING)
                .putMetadata("class", className)
                .putMetadata("source", SOURCE_SUREFIRE_REPORT);
        if (!reported.method().isEmpty()) {
            test.putMetadata("method", reported.method());
        } else {
            test.putMetadata("class_failure", "true");
        }
        emit(Event.newBuilder().setTestBegin(TestBeginEventRequest.newBuilder().setTestCase(test)));
        test.setStatus(reported.status)
                .setEndTime(timestamp(now))
                .setDuration(Duration.newBuilder().setSeconds(reported.durationNanos / 1_000_000_000L)
                        .setNanos((int) (reported.durationNanos % 1_000_000_000L)));
        if (reported.flaky) {
            test.putMetadata("flaky", "true");
        }
        if (!reported.message.isEmpty() || !reported.stackTrace.isEmpty()) {
            test.setErrorMessage(reported.message).setStackTrace(reported.stackTrace);
            if (reported.status == TestStatus.SKIPPED) {
                test.putMetadata("skip_reason", reported.message);
            } else {
                test.addErrors(reported.message);
            }
        }
        failureOrError(reported, id, 0, executionId, now);
        emit(Event.newBuilder().setTestEnd(TestEndEventRequest.newBuilder().setTestCase(test)));
        counted(execution, id, 0, reported.status);
        // A later look at the reports must find it received, or it would be reported twice.
        execution.received.computeIfAbsent(reported.key(), key -> new HashSet<>()).add(id);
    }

    /** A failed test's TestFailure, a broken one's TestError, as the listener sends them, before the test's end. */
    private void failureOrError(ReportedTest reported, String testId, int retryIndex, String executionId, Instant now) {
        if (reported.status == TestStatus.FAILED) {
            emit(Event.newBuilder().setTestFailure(TestFailureEventRequest.newBuilder()
                    .setRunId(runId).setTestId(testId).setFailureMessage(reported.message).setStackTrace(reported.stackTrace)
                    .setTimestamp(timestamp(now)).setRetryIndex(retryIndex).setExecutionId(executionId)));
        } else if (reported.status == TestStatus.BROKEN) {
            emit(Event.newBuilder().setTestError(TestErrorEventRequest.newBuilder()
                    .setRunId(runId).setTestId(testId).setErrorMessage(reported.message).setStackTrace(reported.stackTrace)
                    .setTimestamp(timestamp(now)).setRetryIndex(retryIndex).setExecutionId(executionId)));
        }
    }

    /** Tests of the execution whose outcome came from Surefire's reports, so far. */
    public synchronized int testsFromReports(String executionKey) {
        ExecutionSuite execution = executions.get(executionKey);
        return execution == null ? 0 : execution.fromReports;
    }

    /**
     * ROOT suite end, then the run end; nothing is accepted after.
     * @return false when the run never started: no test execution ran, nothing was reported
     */
    public synchronized boolean end(boolean buildSucceeded) {
        if (ended) {
            return started;
        }
        for (Map.Entry<String, Fork> fork : new ArrayList<>(forks.entrySet())) {
            forkClosed(fork.getKey(), false);
        }
        for (Map.Entry<String, ExecutionSuite> execution : executions.entrySet()) {
            executionEnded(execution.getKey(), buildSucceeded);
        }
        if (!started) {
            // No execution ran a test: nothing was reported, and no run end goes without its start.
            ended = true;
            return false;
        }
        TestStatus status = finalStatus(buildSucceeded);
        emit(Event.newBuilder().setSuiteEnd(SuiteEndEventRequest.newBuilder().setSuite(ended(root, status))));
        Instant now = clock.instant();
        TestRunEndEventRequest.Builder runEnd = TestRunEndEventRequest.newBuilder()
                .setRunId(runId)
                .setFinalStatus(status)
                .setStartTime(timestamp(start))
                .setDuration(between(timestamp(start), now));
        for (Map.Entry<TestStatus, Long> count : testsByStatus.entrySet()) {
            runEnd.putMetadata("tests_" + count.getKey().name().toLowerCase(java.util.Locale.ROOT),
                    Long.toString(count.getValue()));
        }
        if (!diedForks.isEmpty()) {
            runEnd.putMetadata("forks_died", String.join(", ", diedForks));
        }
        emit(Event.newBuilder().setRunEnd(runEnd));
        ended = true;
        return true;
    }

    /** A sign of life while tests run long; only between the run's start and its end. */
    public synchronized void heartbeat(String sourceId) {
        if (!started || ended) {
            return;
        }
        emit(Event.newBuilder().setHeartbeat(HeartbeatEventRequest.newBuilder()
                .setSourceId(sourceId)
                .setTimestamp(timestamp(clock.instant()))));
    }

    public synchronized long events() {
        return emitted;
    }

    public synchronized Map<TestStatus, Long> testsByStatus() {
        return new EnumMap<>(testsByStatus);
    }

    private TestStatus finalStatus(boolean buildSucceeded) {
        TestStatus worst = TestStatus.PASSED;
        for (TestStatus status : testsByStatus.keySet()) {
            if (rank(status) > rank(worst)) {
                worst = status;
            }
        }
        if (rank(worst) >= rank(TestStatus.FAILED)) {
            return TestStatus.FAILED;
        }
        return buildSucceeded && diedForks.isEmpty() ? TestStatus.PASSED : TestStatus.FAILED;
    }

    /**
     * A test counts once, with the status of its last attempt: a rerun (Surefire's
     * rerunFailingTestsCount, retry_index 1, 2 ...) replaces the failed attempt before it, so
     * that a flaky test counts as passed and fails neither its execution nor the run, as in
     * Surefire's own summary.
     */
    private void counted(ExecutionSuite execution, String testId, int retryIndex, TestStatus status) {
        TestStatus before = retryIndex > 0 ? execution.unsuccessful.remove(testId) : null;
        if (before != null) {
            uncount(testsByStatus, before);
            uncount(execution.tests, before);
        }
        if (status != TestStatus.PASSED && status != TestStatus.SKIPPED) {
            execution.unsuccessful.put(testId, status);
        }
        testsByStatus.merge(status, 1L, Long::sum);
        execution.tests.merge(status, 1L, Long::sum);
    }

    private static void uncount(Map<TestStatus, Long> counts, TestStatus status) {
        if (counts.merge(status, -1L, Long::sum) <= 0) {
            counts.remove(status);
        }
    }

    /** The run's own events: they carry the run id already. */
    private void emit(Event.Builder event) {
        emit(EncodedEvents.encode(event.build()).toBuilder());
    }

    private void emit(EncodedEvent.Builder event) {
        event.setSequence(sequence + 1);
        if (event.getEmittedAt().isEmpty()) {
            event.setEmittedAt(timestamp(clock.instant()).toByteString());
        }
        emitted++;
        // An event the sink drops (and counts) gives its sequence back: the collector takes
        // sequences without gaps, and refuses everything after one.
        if (sink.accept(event.build())) {
            sequence++;
        }
    }

    private TestSuiteRun ended(TestSuiteRun begin, TestStatus status) {
        Instant now = clock.instant();
        return begin.toBuilder()
                .setStatus(status)
                .setEndTime(timestamp(now))
                .setDuration(between(begin.getStartTime(), now))
                .build();
    }

    /** The whole test cases a fork left open: it died, so this is rare, and only now decoded. */
    private static List<TestCaseRun> openTests(Fork fork) {
        List<TestCaseRun> tests = new ArrayList<>(fork.openTests.size());
        for (ByteString begin : fork.openTests.values()) {
            tests.add(openTest(begin));
        }
        return tests;
    }

    /**
     * A begin whose head parsed may still not parse whole (a field the head skips is not valid,
     * a string not UTF-8): the test then ends with what its head says, rather than not at all.
     */
    private static TestCaseRun openTest(ByteString begin) {
        try {
            return TestBeginEventRequest.parseFrom(begin).getTestCase();
        } catch (InvalidProtocolBufferException notWhole) {
            try {
                TestHead head = TestHead.of(begin);
                TestCaseRun.Builder test = TestCaseRun.newBuilder().setId(head.id).setName(head.id)
                        .setTestSuiteId(head.testSuiteId).setRetryIndex(head.retryIndex);
                if (!head.className.isEmpty()) {
                    test.putMetadata("class", head.className);
                }
                if (!head.method.isEmpty()) {
                    test.putMetadata("method", head.method);
                }
                return test.build();
            } catch (InvalidProtocolBufferException impossible) {
                throw new IllegalStateException("a test begin's head parsed once and not again", impossible);
            }
        }
    }

    private static List<String> namesOf(List<TestCaseRun> tests, Collection<TestSuiteRun> suites) {
        List<String> names = new ArrayList<>();
        for (TestCaseRun test : tests) {
            names.add(test.getName());
        }
        for (TestSuiteRun suite : suites) {
            names.add(suite.getName());
        }
        return names;
    }

    /** Failures outrank skips: a suite with a failed test has failed. */
    private static int rank(TestStatus status) {
        switch (status) {
            case BROKEN:
            case INTERRUPTED:
            case TIMEDOUT:
                return 3;
            case FAILED:
                return 2;
            case PASSED:
                return 1;
            default:
                return 0;
        }
    }

    static String stableId(String kind, String key) {
        return UUID.nameUUIDFromBytes((kind + '\n' + key).getBytes(StandardCharsets.UTF_8)).toString();
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    private static Duration between(Timestamp from, Instant to) {
        long nanos = Math.max(0, (to.getEpochSecond() - from.getSeconds()) * 1_000_000_000L
                + (to.getNano() - from.getNanos()));
        return Duration.newBuilder().setSeconds(nanos / 1_000_000_000L).setNanos((int) (nanos % 1_000_000_000L)).build();
    }
}
