package com.stanterprise.benchmarks;

import com.stanterprise.testsystem.v1.entities.TestCaseRun;
import com.stanterprise.testsystem.v1.entities.TestSuiteRun;
import com.stanterprise.testsystem.v1.observer.Event;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether what the collector applied is the run that was sent: every event exactly once, in an
 * order the observer can use. The ordering rules are those of the integration tests'
 * {@code RunChecks.ordered} (stanterprise-maven-plugin/src/test/.../it/RunChecks.java), copied
 * because that class is theirs and asserts with JUnit; here a problem is returned as text.
 */
final class OrderCheck {

    private OrderCheck() {
    }

    /** Null when {@code applied} is {@code sent}, each event once, in a correct order; else what is wrong. */
    static String problem(List<Event> sent, List<Event> applied) {
        String once = everyEventOnce(sent, applied);
        return once != null ? once : ordered(applied);
    }

    /** A v1 call carries no sequence and no emission time: compare the rest. */
    private static String everyEventOnce(List<Event> sent, List<Event> applied) {
        if (sent.size() != applied.size()) {
            return "sent " + sent.size() + " events, the collector applied " + applied.size();
        }
        Map<Event, Integer> missing = new HashMap<>();
        for (Event event : sent) {
            missing.merge(event.toBuilder().clearSequence().clearEmittedAt().build(), 1, Integer::sum);
        }
        for (Event event : applied) {
            Integer left = missing.get(event);
            if (left == null || left == 0) {
                return "applied an event that was not sent, or twice: " + event.getPayloadCase();
            }
            missing.put(event, left - 1);
        }
        return null;
    }

    /**
     * Run start first, run end last; a suite's begin before anything inside it and its end
     * after; a test's begin before its output, steps, failure, error and end; everything that
     * began ended, once.
     */
    static String ordered(List<Event> events) {
        if (events.isEmpty()) {
            return "no events";
        }
        if (!events.get(0).hasRunStart()) {
            return "first event: " + events.get(0).getPayloadCase();
        }
        if (!events.get(events.size() - 1).hasRunEnd()) {
            return "last event: " + events.get(events.size() - 1).getPayloadCase();
        }
        if (events.get(0).getRunStart().getTestSuitesCount() == 0) {
            return "run start carries no test suites";
        }
        Set<String> openSuites = new HashSet<>();
        Set<String> endedSuites = new HashSet<>();
        Map<String, String> suiteParents = new HashMap<>();
        Set<String> openTests = new HashSet<>();
        Map<String, String> testSuites = new HashMap<>();
        Set<String> endedTests = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            String at = " (position " + i + ")";
            switch (event.getPayloadCase()) {
                case RUN_START:
                    if (i != 0) {
                        return "a second run start" + at;
                    }
                    break;
                case RUN_END:
                    if (i != events.size() - 1) {
                        return "run end before the last event" + at;
                    }
                    break;
                case SUITE_BEGIN: {
                    TestSuiteRun suite = event.getSuiteBegin().getSuite();
                    if (suite.getId().isEmpty()) {
                        return "suite without id" + at;
                    }
                    if (!suite.getParentSuiteId().isEmpty() && !openSuites.contains(suite.getParentSuiteId())) {
                        return "suite " + suite.getName() + " begins outside an open parent" + at;
                    }
                    if (!openSuites.add(suite.getId()) || endedSuites.contains(suite.getId())) {
                        return "suite " + suite.getName() + " begins twice" + at;
                    }
                    suiteParents.put(suite.getId(), suite.getParentSuiteId());
                    break;
                }
                case SUITE_END: {
                    TestSuiteRun suite = event.getSuiteEnd().getSuite();
                    if (!openSuites.remove(suite.getId())) {
                        return "suite " + suite.getName() + " ends before its begin" + at;
                    }
                    endedSuites.add(suite.getId());
                    for (String test : openTests) {
                        if (suite.getId().equals(testSuites.get(test))) {
                            return "suite " + suite.getName() + " ends while test " + test + " inside it is open" + at;
                        }
                    }
                    for (String child : openSuites) {
                        if (suite.getId().equals(suiteParents.get(child))) {
                            return "suite " + suite.getName() + " ends while suite " + child + " inside it is open" + at;
                        }
                    }
                    break;
                }
                case TEST_BEGIN: {
                    TestCaseRun test = event.getTestBegin().getTestCase();
                    if (!openSuites.contains(test.getTestSuiteId())) {
                        return "test " + test.getName() + " begins outside an open suite" + at;
                    }
                    if (!openTests.add(test.getId()) || endedTests.contains(test.getId())) {
                        return "test " + test.getName() + " begins twice" + at;
                    }
                    testSuites.put(test.getId(), test.getTestSuiteId());
                    break;
                }
                case TEST_END: {
                    TestCaseRun test = event.getTestEnd().getTestCase();
                    if (!openTests.remove(test.getId())) {
                        return "test " + test.getName() + " ends before its begin" + at;
                    }
                    endedTests.add(test.getId());
                    break;
                }
                case TEST_FAILURE:
                case TEST_ERROR:
                case STD_OUTPUT:
                case STD_ERROR:
                case STEP_BEGIN:
                case STEP_END: {
                    String test = testOf(event);
                    if (!openTests.contains(test)) {
                        return event.getPayloadCase() + " outside its test " + test + at;
                    }
                    break;
                }
                default:
                    break;
            }
        }
        if (!openSuites.isEmpty()) {
            return "suites never ended: " + openSuites;
        }
        if (!openTests.isEmpty()) {
            return "tests never ended: " + openTests;
        }
        return null;
    }

    private static String testOf(Event event) {
        switch (event.getPayloadCase()) {
            case TEST_FAILURE:
                return event.getTestFailure().getTestId();
            case TEST_ERROR:
                return event.getTestError().getTestId();
            case STD_OUTPUT:
                return event.getStdOutput().getTestId();
            case STD_ERROR:
                return event.getStdError().getTestId();
            case STEP_BEGIN:
                return event.getStepBegin().getStep().getTestCaseId();
            case STEP_END:
                return event.getStepEnd().getStep().getTestCaseId();
            default:
                return "";
        }
    }
}
