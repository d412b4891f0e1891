package com.stanterprise.maven.it;

import com.stanterprise.testsystem.v1.common.TestStatus;
import com.stanterprise.testsystem.v1.entities.StepRun;
import com.stanterprise.testsystem.v1.entities.TestCaseRun;
import com.stanterprise.testsystem.v1.entities.TestSuiteRun;
import com.stanterprise.testsystem.v1.observer.Event;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** What every run must look like at the collector (DESIGN.md invariants 1, 2 and 7). */
final class RunChecks {

    private RunChecks() {
    }

    /** One run, its sequences without gaps, its events in order: the three checks below. */
    static void oneOrderedRun(List<Event> events) {
        oneRunId(events);
        sequencedWithoutGaps(events);
        ordered(events);
    }

    /** Every event names the same, non-empty run. */
    static String oneRunId(List<Event> events) {
        Set<String> ids = new HashSet<>();
        for (Event event : events) {
            String id = runId(event);
            if (id != null) {
                ids.add(id);
            }
        }
        assertEquals(1, ids.size(), "run ids: " + ids);
        String id = ids.iterator().next();
        assertFalse(id.isEmpty());
        return id;
    }

    /** Sequences 1, 2, 3 ... without gaps, in the order the collector applied them. */
    static void sequencedWithoutGaps(List<Event> events) {
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 1, events.get(i).getSequence(), "sequence at position " + i);
        }
    }

    /**
     * Run start first, run end last; a suite's begin before anything inside it and its end after;
     * a test's begin before its failure, error and end; everything that began ended, once per
     * attempt. A rerun of a failed test (Surefire's rerunFailingTestsCount) is the same test id
     * with the next retry_index (0, 1, 2 ...) and an execution_id of its own, and its class
     * suite begins again with an execution_id of its own; nothing else begins twice. A step
     * begins and ends inside its test's attempt, and inside its parent step.
     */
    static void ordered(List<Event> events) {
        assertTrue(events.get(0).hasRunStart(), "first event: " + events.get(0).getPayloadCase());
        assertTrue(events.get(events.size() - 1).hasRunEnd(), "last event");
        assertTrue(events.get(0).getRunStart().getTestSuitesCount() > 0, "run start carries test suites");
        Map<String, Integer> openSuites = new HashMap<>();
        Set<String> endedSuites = new HashSet<>();
        Set<String> suiteExecutions = new HashSet<>();
        Set<String> openTests = new HashSet<>();
        Map<String, TestCaseRun> openAttempts = new HashMap<>();
        Map<String, Integer> endedAttempts = new HashMap<>();
        Set<String> testExecutions = new HashSet<>();
        Map<String, StepRun> openSteps = new HashMap<>();
        Set<String> endedSteps = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            switch (event.getPayloadCase()) {
                case RUN_START:
                    assertEquals(0, i, "one run start, first");
                    break;
                case RUN_END:
                    assertEquals(events.size() - 1, i, "one run end, last");
                    break;
                case SUITE_BEGIN: {
                    TestSuiteRun suite = event.getSuiteBegin().getSuite();
                    assertFalse(suite.getId().isEmpty());
                    if (!suite.getParentSuiteId().isEmpty()) {
                        assertTrue(openSuites.containsKey(suite.getParentSuiteId()),
                                "suite " + suite.getName() + " begins inside an open parent");
                    }
                    boolean again = endedSuites.contains(suite.getId()) && !suite.getExecutionId().isEmpty();
                    assertTrue(openSuites.put(suite.getId(), i) == null && (!endedSuites.contains(suite.getId()) || again)
                                    && suiteExecutions.add(suite.getId() + "#" + suite.getExecutionId()),
                            "suite " + suite.getName() + " begins once per execution");
                    break;
                }
                case SUITE_END: {
                    TestSuiteRun suite = event.getSuiteEnd().getSuite();
                    assertNotNull(openSuites.remove(suite.getId()), "suite " + suite.getName() + " ends after its begin");
                    endedSuites.add(suite.getId());
                    for (String child : childrenOpen(events, i, suite.getId(), openTests, openSuites)) {
                        fail("suite " + suite.getName() + " ends while " + child + " inside it is open");
                    }
                    break;
                }
                case TEST_BEGIN: {
                    TestCaseRun test = event.getTestBegin().getTestCase();
                    assertTrue(openSuites.containsKey(test.getTestSuiteId()),
                            "test " + test.getName() + " begins inside an open suite");
                    assertTrue(openTests.add(test.getId()), "test " + test.getName() + " begins once at a time");
                    assertEquals((int) endedAttempts.getOrDefault(test.getId(), 0), test.getRetryIndex(),
                            "test " + test.getName() + ": attempts are retry_index 0, 1, 2 ...");
                    assertTrue(test.getRetryIndex() == 0 || !test.getExecutionId().isEmpty(),
                            "test " + test.getName() + ": a rerun has an execution_id");
                    assertTrue(testExecutions.add(test.getId() + "#" + test.getExecutionId()),
                            "test " + test.getName() + ": every attempt has an execution_id of its own");
                    openAttempts.put(test.getId(), test);
                    break;
                }
                case TEST_END: {
                    TestCaseRun test = event.getTestEnd().getTestCase();
                    assertTrue(openTests.remove(test.getId()), "test " + test.getName() + " ends after its begin");
                    TestCaseRun begin = openAttempts.remove(test.getId());
                    assertEquals(begin.getRetryIndex(), test.getRetryIndex(), "test " + test.getName() + ": same attempt");
                    assertEquals(begin.getExecutionId(), test.getExecutionId(), "test " + test.getName() + ": same attempt");
                    endedAttempts.merge(test.getId(), 1, Integer::sum);
                    assertTrue(openSteps.values().stream().noneMatch(step -> step.getTestCaseId().equals(test.getId())),
                            "test " + test.getName() + " ends after its steps");
                    break;
                }
                case STEP_BEGIN: {
                    StepRun step = event.getStepBegin().getStep();
                    assertFalse(step.getId().isEmpty());
                    insideItsAttempt(openAttempts, step.getTestCaseId(), step.getRetryIndex(), step.getExecutionId(),
                            "step " + step.getTitle());
                    if (!step.getParentStepId().isEmpty()) {
                        StepRun parent = openSteps.get(step.getParentStepId());
                        assertNotNull(parent, "step " + step.getTitle() + " begins inside its open parent");
                        assertEquals(parent.getTestCaseId(), step.getTestCaseId(), "step " + step.getTitle() + ": its parent's test");
                    }
                    assertTrue(openSteps.put(step.getId(), step) == null && !endedSteps.contains(step.getId()),
                            "step " + step.getTitle() + " begins once");
                    break;
                }
                case STEP_END: {
                    StepRun step = event.getStepEnd().getStep();
                    assertNotNull(openSteps.remove(step.getId()), "step " + step.getTitle() + " ends after its begin");
                    endedSteps.add(step.getId());
                    insideItsAttempt(openAttempts, step.getTestCaseId(), step.getRetryIndex(), step.getExecutionId(),
                            "step " + step.getTitle());
                    assertTrue(openSteps.values().stream().noneMatch(child -> child.getParentStepId().equals(step.getId())),
                            "step " + step.getTitle() + " ends after the steps inside it");
                    break;
                }
                case TEST_FAILURE:
                    insideItsAttempt(openAttempts, event.getTestFailure().getTestId(),
                            event.getTestFailure().getRetryIndex(), event.getTestFailure().getExecutionId(), "failure");
                    break;
                case TEST_ERROR:
                    insideItsAttempt(openAttempts, event.getTestError().getTestId(),
                            event.getTestError().getRetryIndex(), event.getTestError().getExecutionId(), "error");
                    break;
                case STD_OUTPUT:
                    insideItsAttempt(openAttempts, event.getStdOutput().getTestId(),
                            event.getStdOutput().getRetryIndex(), event.getStdOutput().getExecutionId(), "stdout");
                    break;
                case STD_ERROR:
                    insideItsAttempt(openAttempts, event.getStdError().getTestId(),
                            event.getStdError().getRetryIndex(), event.getStdError().getExecutionId(), "stderr");
                    break;
                default:
                    break;
            }
        }
        assertTrue(openSuites.isEmpty(), "suites never ended: " + openSuites.keySet());
        assertTrue(openTests.isEmpty(), "tests never ended: " + openTests);
        assertTrue(openSteps.isEmpty(), "steps never ended: " + openSteps.keySet());
    }

    private static void insideItsAttempt(Map<String, TestCaseRun> openAttempts, String testId, int retryIndex,
                                         String executionId, String what) {
        TestCaseRun attempt = openAttempts.get(testId);
        assertNotNull(attempt, what + " inside its test");
        assertEquals(attempt.getRetryIndex(), retryIndex, what + " of " + attempt.getName() + " names its attempt");
        assertEquals(attempt.getExecutionId(), executionId, what + " of " + attempt.getName() + " names its attempt");
    }

    /** Tests and suites still open whose parent is the suite that is ending. */
    private static List<String> childrenOpen(List<Event> events, int upTo, String suiteId, Set<String> openTests,
                                             Map<String, Integer> openSuites) {
        List<String> open = new ArrayList<>();
        for (int i = 0; i < upTo; i++) {
            Event event = events.get(i);
            if (event.hasTestBegin() && event.getTestBegin().getTestCase().getTestSuiteId().equals(suiteId)
                    && openTests.contains(event.getTestBegin().getTestCase().getId())) {
                open.add("test " + event.getTestBegin().getTestCase().getName());
            }
            if (event.hasSuiteBegin() && event.getSuiteBegin().getSuite().getParentSuiteId().equals(suiteId)
                    && openSuites.containsKey(event.getSuiteBegin().getSuite().getId())) {
                open.add("suite " + event.getSuiteBegin().getSuite().getName());
            }
        }
        return open;
    }

    /**
     * "Class#display name" → final status (of the last attempt), one entry per test; fails on a
     * test reported twice: two tests under one name, or one attempt of a test ended twice.
     */
    static Map<String, TestStatus> testOutcomes(List<Event> events) {
        Map<String, TestStatus> outcomes = new TreeMap<>();
        for (TestCaseRun test : lastAttempts(events)) {
            String key = test.getMetadataOrDefault("class", "?") + "#" + test.getName();
            assertTrue(outcomes.put(key, test.getStatus()) == null, "reported twice: " + key);
        }
        return outcomes;
    }

    /** The end of each test's last attempt (highest retry_index), in the order tests first ended. */
    static List<TestCaseRun> lastAttempts(List<Event> events) {
        Map<String, TestCaseRun> last = new LinkedHashMap<>();
        for (Event event : events) {
            if (event.hasTestEnd()) {
                TestCaseRun test = event.getTestEnd().getTestCase();
                TestCaseRun before = last.get(test.getId());
                assertTrue(before == null || before.getRetryIndex() < test.getRetryIndex(),
                        "reported twice: " + test.getName() + " attempt " + test.getRetryIndex());
                last.put(test.getId(), test);
            }
        }
        return new ArrayList<>(last.values());
    }

    /** Every attempt's end of the test with this method name, in order. */
    static List<TestCaseRun> attempts(List<Event> events, String method) {
        List<TestCaseRun> attempts = new ArrayList<>();
        for (Event event : events) {
            if (event.hasTestEnd() && method.equals(event.getTestEnd().getTestCase().getMetadataOrDefault("method", ""))) {
                attempts.add(event.getTestEnd().getTestCase());
            }
        }
        return attempts;
    }

    /** The suites by name, from their end events. */
    static Map<String, TestSuiteRun> suitesByName(List<Event> events) {
        Map<String, TestSuiteRun> suites = new TreeMap<>();
        for (Event event : events) {
            if (event.hasSuiteEnd()) {
                suites.put(event.getSuiteEnd().getSuite().getName(), event.getSuiteEnd().getSuite());
            }
        }
        return suites;
    }

    /** An order-free fingerprint of a run: kind, name and status of each event. */
    static List<String> fingerprint(List<Event> events) {
        List<String> lines = new ArrayList<>();
        for (Event event : events) {
            String line = event.getPayloadCase().name();
            if (event.hasSuiteBegin() || event.hasSuiteEnd()) {
                TestSuiteRun suite = event.hasSuiteBegin() ? event.getSuiteBegin().getSuite() : event.getSuiteEnd().getSuite();
                line += " " + suite.getName() + " " + suite.getStatus();
            } else if (event.hasTestBegin() || event.hasTestEnd()) {
                TestCaseRun test = event.hasTestBegin() ? event.getTestBegin().getTestCase() : event.getTestEnd().getTestCase();
                line += " " + test.getName() + " " + test.getStatus();
            } else if (event.hasRunEnd()) {
                line += " " + event.getRunEnd().getFinalStatus();
            }
            lines.add(line);
        }
        lines.sort(String::compareTo);
        return lines;
    }

    static String runId(Event event) {
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
                return null;
        }
    }
}
