package com.stanterprise.maven.it;

import com.stanterprise.testsystem.v1.common.TestStatus;
import com.stanterprise.testsystem.v1.entities.TestCaseRun;
import com.stanterprise.testsystem.v1.entities.TestSuiteRun;
import com.stanterprise.testsystem.v1.observer.Event;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
     * a test's begin before its failure, error and end; everything that began ended, once.
     */
    static void ordered(List<Event> events) {
        assertTrue(events.get(0).hasRunStart(), "first event: " + events.get(0).getPayloadCase());
        assertTrue(events.get(events.size() - 1).hasRunEnd(), "last event");
        assertTrue(events.get(0).getRunStart().getTestSuitesCount() > 0, "run start carries test suites");
        Map<String, Integer> openSuites = new HashMap<>();
        Set<String> endedSuites = new HashSet<>();
        Set<String> openTests = new HashSet<>();
        Set<String> endedTests = new HashSet<>();
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
                    assertTrue(openSuites.put(suite.getId(), i) == null && !endedSuites.contains(suite.getId()),
                            "suite " + suite.getName() + " begins once");
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
                    assertTrue(openTests.add(test.getId()) && !endedTests.contains(test.getId()),
                            "test " + test.getName() + " begins once");
                    break;
                }
                case TEST_END: {
                    TestCaseRun test = event.getTestEnd().getTestCase();
                    assertTrue(openTests.remove(test.getId()), "test " + test.getName() + " ends after its begin");
                    endedTests.add(test.getId());
                    break;
                }
                case TEST_FAILURE:
                    assertTrue(openTests.contains(event.getTestFailure().getTestId()), "failure inside its test");
                    break;
                case TEST_ERROR:
                    assertTrue(openTests.contains(event.getTestError().getTestId()), "error inside its test");
                    break;
                case STD_OUTPUT:
                    assertTrue(openTests.contains(event.getStdOutput().getTestId()), "stdout inside its test");
                    break;
                case STD_ERROR:
                    assertTrue(openTests.contains(event.getStdError().getTestId()), "stderr inside its test");
                    break;
                default:
                    break;
            }
        }
        assertTrue(openSuites.isEmpty(), "suites never ended: " + openSuites.keySet());
        assertTrue(openTests.isEmpty(), "tests never ended: " + openTests);
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

    /** "Class#display name" → final status, one entry per test; fails on a test reported twice. */
    static Map<String, TestStatus> testOutcomes(List<Event> events) {
        Map<String, TestStatus> outcomes = new TreeMap<>();
        for (Event event : events) {
            if (event.hasTestEnd()) {
                TestCaseRun test = event.getTestEnd().getTestCase();
                String key = test.getMetadataOrDefault("class", "?") + "#" + test.getName();
                assertTrue(outcomes.put(key, test.getStatus()) == null, "reported twice: " + key);
            }
        }
        return outcomes;
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
