package com.stanterprise.maven.aggregation;

import com.google.protobuf.InvalidProtocolBufferException;
import com.stanterprise.testsystem.v1.common.TestStatus;
import com.stanterprise.testsystem.v1.entities.SuiteType;
import com.stanterprise.testsystem.v1.entities.TestCaseRun;
import com.stanterprise.testsystem.v1.entities.TestSuiteRun;
import com.stanterprise.testsystem.v1.events.SuiteBeginEventRequest;
import com.stanterprise.testsystem.v1.events.SuiteEndEventRequest;
import com.stanterprise.testsystem.v1.events.TestBeginEventRequest;
import com.stanterprise.testsystem.v1.events.TestEndEventRequest;
import com.stanterprise.testsystem.v1.observer.Event;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

import static com.stanterprise.maven.Encoded.decoded;
import static com.stanterprise.maven.Encoded.encoded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What Surefire's reports add to a run whose forks did not send everything. */
class RunFillInTest {

    private static final String EXECUTION = "com.example:ledger:maven-surefire-plugin:test:default-test";
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

    private final List<Event> events = new ArrayList<>();
    private final Run run = new Run("run-1", "ledger", Collections.emptyMap(), event -> events.add(decoded(event)),
            Clock.fixed(NOW, ZoneOffset.UTC));

    /** What a fork's connection hands the run: the fork's events, encoded. */
    private void forkEvents(String fork, List<Event> sent) {
        try {
            run.forkEvents(fork, encoded(sent));
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Event> classWithOneTest(String className, String method, TestStatus status) {
        TestSuiteRun suite = TestSuiteRun.newBuilder().setId("suite-" + className).setName(className)
                .setType(SuiteType.FILE).putMetadata("class", className).build();
        TestCaseRun test = TestCaseRun.newBuilder().setId("test-" + className + "#" + method).setName(method + "()")
                .setTestSuiteId(suite.getId()).putMetadata("class", className).putMetadata("method", method).build();
        return Arrays.asList(
                Event.newBuilder().setSuiteBegin(SuiteBeginEventRequest.newBuilder().setSuite(suite)).build(),
                Event.newBuilder().setTestBegin(TestBeginEventRequest.newBuilder().setTestCase(test)).build(),
                Event.newBuilder().setTestEnd(TestEndEventRequest.newBuilder()
                        .setTestCase(test.toBuilder().setStatus(status))).build(),
                Event.newBuilder().setSuiteEnd(SuiteEndEventRequest.newBuilder()
                        .setSuite(suite.toBuilder().setStatus(status))).build());
    }

    private static ReportedTest reported(String className, String name, TestStatus status, String message) {
        return new ReportedTest(className, name, status, 2_500_000_000L, message,
                message.isEmpty() ? "" : "java.lang.AssertionError: " + message + "\n\tat X", false);
    }

    private List<Event> after(int position) {
        return events.subList(position, events.size());
    }

    @Test
    void testsADeadForkNeverSentAreReportedFromSurefiresReportsInsideTheExecution() {
        run.executionStarted(EXECUTION, "ledger (surefire:test)", "com.example:ledger");
        run.forkConnected("fork-1", EXECUTION, "fork-1, pid 42");
        forkEvents("fork-1", classWithOneTest("com.example.A", "adds", TestStatus.PASSED));
        assertFalse(run.mayHaveLostTests(EXECUTION), "a fork that is alive lost nothing yet");
        run.forkClosed("fork-1", false);
        assertTrue(run.mayHaveLostTests(EXECUTION), "a fork died");
        String project = events.get(2).getSuiteBegin().getSuite().getId();
        int before = events.size();

        int filled = run.fillIn(EXECUTION, Arrays.asList(
                reported("com.example.A", "adds", TestStatus.PASSED, ""),
                reported("com.example.B", "fails", TestStatus.FAILED, "two and two"),
                reported("com.example.B", "waits", TestStatus.SKIPPED, "not today")));
        run.executionEnded(EXECUTION, false);
        run.end(false);

        assertEquals(2, filled, "A#adds came from the fork");
        List<String> kinds = after(before).stream().map(e -> e.getPayloadCase().name()).collect(Collectors.toList());
        assertEquals(Arrays.asList("SUITE_BEGIN", "TEST_BEGIN", "TEST_FAILURE", "TEST_END", "TEST_BEGIN", "TEST_END",
                "SUITE_END", "SUITE_END", "SUITE_END", "RUN_END"), kinds);
        TestSuiteRun suite = events.get(before).getSuiteBegin().getSuite();
        assertEquals("B", suite.getName());
        assertEquals(SuiteType.FILE, suite.getType());
        assertEquals(project, suite.getParentSuiteId(), "inside the execution's PROJECT suite");
        assertEquals("surefire-report", suite.getMetadataOrThrow("source"));
        assertEquals("com.example.B", suite.getMetadataOrThrow("class"));

        TestCaseRun begin = events.get(before + 1).getTestBegin().getTestCase();
        TestCaseRun fails = events.get(before + 3).getTestEnd().getTestCase();
        assertEquals(begin.getId(), fails.getId());
        assertEquals(suite.getId(), fails.getTestSuiteId());
        assertEquals("fails", fails.getName());
        assertEquals(TestStatus.FAILED, fails.getStatus());
        assertEquals("two and two", fails.getErrorMessage());
        assertTrue(fails.getStackTrace().startsWith("java.lang.AssertionError: two and two"));
        assertEquals("com.example.B", fails.getMetadataOrThrow("class"));
        assertEquals("fails", fails.getMetadataOrThrow("method"));
        assertEquals("surefire-report", fails.getMetadataOrThrow("source"));
        assertEquals(2, fails.getDuration().getSeconds());
        assertEquals(500_000_000, fails.getDuration().getNanos());
        assertEquals(fails.getId(), events.get(before + 2).getTestFailure().getTestId());
        assertEquals("run-1", events.get(before + 2).getTestFailure().getRunId());
        TestCaseRun waits = events.get(before + 5).getTestEnd().getTestCase();
        assertEquals(TestStatus.SKIPPED, waits.getStatus());
        assertEquals("not today", waits.getMetadataOrThrow("skip_reason"));
        assertEquals(TestStatus.FAILED, events.get(before + 6).getSuiteEnd().getSuite().getStatus());

        Event runEnd = events.get(events.size() - 1);
        assertEquals("1", runEnd.getRunEnd().getMetadataOrThrow("tests_passed"));
        assertEquals("1", runEnd.getRunEnd().getMetadataOrThrow("tests_failed"));
        assertEquals("1", runEnd.getRunEnd().getMetadataOrThrow("tests_skipped"));
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 1, events.get(i).getSequence());
        }
    }

    /**
     * The fork sent class A's begin and its first test; A's second test was running as far as
     * the run knows, and its third never left the JVM. The JVM died later, in class C, which
     * Surefire has no report of. A's report says A completed.
     */
    @Test
    void aClassTheDeadForkLeftOpenThatSurefireReportsCompletedEndsAsReported() {
        run.executionStarted(EXECUTION, "ledger (surefire:test)", "com.example:ledger");
        run.forkConnected("fork-1", EXECUTION, "fork-1, pid 42");
        TestSuiteRun a = TestSuiteRun.newBuilder().setId("suite-A").setName("A").setType(SuiteType.FILE)
                .putMetadata("class", "com.example.A").build();
        TestSuiteRun c = TestSuiteRun.newBuilder().setId("suite-C").setName("C").setType(SuiteType.FILE)
                .putMetadata("class", "com.example.C").build();
        TestCaseRun first = test("t1", "first", a, "com.example.A");
        TestCaseRun second = test("t2", "second", a, "com.example.A");
        TestCaseRun dies = test("t3", "dies", c, "com.example.C");
        forkEvents("fork-1", Arrays.asList(
                Event.newBuilder().setSuiteBegin(SuiteBeginEventRequest.newBuilder().setSuite(a)).build(),
                Event.newBuilder().setTestBegin(TestBeginEventRequest.newBuilder().setTestCase(first)).build(),
                Event.newBuilder().setTestEnd(TestEndEventRequest.newBuilder()
                        .setTestCase(first.toBuilder().setStatus(TestStatus.PASSED))).build(),
                Event.newBuilder().setTestBegin(TestBeginEventRequest.newBuilder().setTestCase(second)).build(),
                Event.newBuilder().setSuiteBegin(SuiteBeginEventRequest.newBuilder().setSuite(c)).build(),
                Event.newBuilder().setTestBegin(TestBeginEventRequest.newBuilder().setTestCase(dies)).build()));
        int before = events.size();

        String left = run.forkClosed("fork-1", false, Arrays.asList(
                reported("com.example.A", "first", TestStatus.PASSED, ""),
                reported("com.example.A", "second", TestStatus.FAILED, "off by one"),
                reported("com.example.A", "third", TestStatus.PASSED, "")));

        List<Event> closing = after(before);
        List<String> kinds = closing.stream().map(e -> e.getPayloadCase().name()).collect(Collectors.toList());
        assertEquals(Arrays.asList("TEST_FAILURE", "TEST_END", "TEST_END", "TEST_BEGIN", "TEST_END", "SUITE_END",
                "SUITE_END"), kinds);
        assertEquals("t2", closing.get(0).getTestFailure().getTestId());
        assertEquals("off by one", closing.get(0).getTestFailure().getFailureMessage());
        closing = closing.subList(1, closing.size());
        TestCaseRun secondEnd = closing.get(0).getTestEnd().getTestCase();
        assertEquals("t2", secondEnd.getId());
        assertEquals(TestStatus.FAILED, secondEnd.getStatus(), "Surefire saw it fail; only its end died");
        assertEquals("off by one", secondEnd.getErrorMessage());
        assertEquals("surefire-report", secondEnd.getMetadataOrThrow("source"));
        TestCaseRun diesEnd = closing.get(1).getTestEnd().getTestCase();
        assertEquals(TestStatus.INTERRUPTED, diesEnd.getStatus(), "no report of the class the JVM died in");
        TestCaseRun third = closing.get(3).getTestEnd().getTestCase();
        assertEquals("third", third.getName());
        assertEquals("suite-A", third.getTestSuiteId(), "inside A's open suite");
        assertEquals(TestStatus.PASSED, third.getStatus());
        assertEquals("suite-C", closing.get(4).getSuiteEnd().getSuite().getId());
        assertEquals(TestStatus.INTERRUPTED, closing.get(4).getSuiteEnd().getSuite().getStatus());
        assertEquals("suite-A", closing.get(5).getSuiteEnd().getSuite().getId());
        assertEquals(TestStatus.FAILED, closing.get(5).getSuiteEnd().getSuite().getStatus(), "A's outcome, from its report");
        assertEquals("2 test(s) and 2 suite(s) left open: second, dies, A, C; Surefire's reports completed"
                + " com.example.A (2 test(s))", left);

        assertEquals(0, run.fillIn(EXECUTION, Arrays.asList(
                reported("com.example.A", "first", TestStatus.PASSED, ""),
                reported("com.example.A", "second", TestStatus.FAILED, "off by one"),
                reported("com.example.A", "third", TestStatus.PASSED, ""))), "nothing twice");
        assertEquals(2, run.testsFromReports(EXECUTION));
        run.end(false);
        Event runEnd = events.get(events.size() - 1);
        assertEquals("2", runEnd.getRunEnd().getMetadataOrThrow("tests_passed"));
        assertEquals("1", runEnd.getRunEnd().getMetadataOrThrow("tests_failed"));
        assertEquals("1", runEnd.getRunEnd().getMetadataOrThrow("tests_interrupted"));
    }

    private static TestCaseRun test(String id, String method, TestSuiteRun suite, String className) {
        return TestCaseRun.newBuilder().setId(id).setName(method).setTestSuiteId(suite.getId())
                .putMetadata("class", className).putMetadata("method", method).build();
    }

    @Test
    void theSameReportedTestHasTheSameIdInEveryRun() {
        List<String> ids = new ArrayList<>();
        for (int build = 0; build < 2; build++) {
            events.clear();
            Run again = new Run("run-" + build, "ledger", Collections.emptyMap(), event -> events.add(decoded(event)), Clock.fixed(NOW, ZoneOffset.UTC));
            again.executionStarted(EXECUTION, "ledger (surefire:test)", "com.example:ledger");
            again.fillIn(EXECUTION, Arrays.asList(reported("com.example.B", "rows", TestStatus.PASSED, ""),
                    reported("com.example.B", "rows", TestStatus.PASSED, "")));
            ids.add(events.stream().filter(Event::hasTestEnd).map(e -> e.getTestEnd().getTestCase().getId())
                    .collect(Collectors.joining(",")));
        }
        assertEquals(ids.get(0), ids.get(1));
        String[] twoRows = ids.get(0).split(",");
        assertEquals(2, twoRows.length);
        assertFalse(twoRows[0].equals(twoRows[1]), "two rows of one name are two tests");
    }

    @Test
    void anExecutionWithoutAnyForkMayHaveLostTestsAndOneWhoseForksSaidGoodbyeHasNot() {
        run.executionStarted(EXECUTION, "ledger (surefire:test)", "com.example:ledger");
        assertTrue(run.mayHaveLostTests(EXECUTION), "no fork connected");
        run.forkConnected("fork-1", EXECUTION, "fork-1, pid 42");
        run.forkClosed("fork-1", true);
        assertFalse(run.mayHaveLostTests(EXECUTION));
        assertEquals(1, run.forksConnected(EXECUTION));
    }

    @Test
    void anExecutionWhoseTestsCameOnlyFromSurefiresReportsIsReported() {
        // No test JVM got in, yet Surefire ran tests: the run reports them.
        run.executionStarted(EXECUTION, "ledger (surefire:test)", "com.example:ledger");
        run.fillIn(EXECUTION, Collections.singletonList(reported("com.example.B", "rows", TestStatus.PASSED, "")));
        run.executionEnded(EXECUTION, true);

        assertTrue(run.end(true));
        assertEquals(1, events.stream().filter(Event::hasTestEnd).count());
        assertTrue(events.get(events.size() - 1).hasRunEnd());
    }

    @Test
    void nothingIsFilledInOnceTheExecutionEnded() {
        run.executionStarted(EXECUTION, "ledger (surefire:test)", "com.example:ledger");
        run.executionEnded(EXECUTION, true);
        int before = events.size();

        assertEquals(0, run.fillIn(EXECUTION, Collections.singletonList(
                reported("com.example.B", "late", TestStatus.PASSED, ""))));
        assertEquals(before, events.size());
        assertFalse(run.mayHaveLostTests(EXECUTION));
    }
}
