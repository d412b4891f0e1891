package com.stanterprise.maven.it;

import com.stanterprise.maven.collector.TestCollector;
import com.stanterprise.testsystem.v1.common.TestStatus;
import com.stanterprise.testsystem.v1.entities.TestCaseRun;
import com.stanterprise.testsystem.v1.observer.Event;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static com.stanterprise.maven.it.RunChecks.attempts;
import static com.stanterprise.maven.it.RunChecks.oneRunId;
import static com.stanterprise.maven.it.RunChecks.ordered;
import static com.stanterprise.maven.it.RunChecks.sequencedWithoutGaps;
import static com.stanterprise.maven.it.RunChecks.testOutcomes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Surefire's rerunFailingTestsCount: every attempt of a test is an execution of its own (same
 * test id, retry_index 0, 1, 2 ..., its own execution_id, its own output), a test that failed
 * and then passed is marked flaky, a class whose @BeforeAll fails counts as Surefire counts it,
 * and the last attempt of each test matches Surefire's XML.
 */
class RerunsIT {

    private static final String RETRIED = "com.example.reruns.RetriedTest";
    private static final String BROKEN_SETUP = "com.example.reruns.BrokenSetupTest";

    @Test
    void everyAttemptIsAnExecutionOfItsOwnAndAFlakyTestIsMarked() throws Exception {
        try (TestCollector collector = TestCollector.start()) {
            NestedBuild.Result result = NestedBuild.of("reruns")
                    .args("-Dstanterprise.endpoint=" + collector.endpoint(), "-Dsurefire.rerunFailingTestsCount=2",
                            "-Dmaven.test.failure.ignore=true", "verify")
                    .run();
            assertEquals(0, result.exitCode, result.toString());
            assertTrue(result.log.contains("Flakes: 1"), "Surefire saw the flaky test: " + result);
            List<Event> events = collector.events();
            oneRunId(events);
            sequencedWithoutGaps(events);
            ordered(events);

            Map<String, TestStatus> expected = new TreeMap<>();
            expected.put(RETRIED + "#passes()", TestStatus.PASSED);
            expected.put(RETRIED + "#flaky()", TestStatus.PASSED);
            expected.put(RETRIED + "#alwaysFails()", TestStatus.FAILED);
            expected.put(BROKEN_SETUP + "#BrokenSetupTest", TestStatus.BROKEN);
            assertEquals(expected, testOutcomes(events), "every test once, with its last attempt's outcome");
            assertEquals(SurefireReports.countsByClass(result.directory), SurefireReports.countsByClass(events),
                    "per class and outcome, as Surefire reports them");

            List<TestCaseRun> flaky = attempts(events, "flaky");
            assertEquals(Arrays.asList(0, 1), retryIndexes(flaky));
            assertEquals(Arrays.asList(TestStatus.FAILED, TestStatus.PASSED), statuses(flaky));
            assertEquals("true", flaky.get(1).getMetadataOrDefault("flaky", ""), "the passing attempt is marked flaky");
            assertFalse(flaky.get(0).containsMetadata("flaky"));
            sameTestDistinctExecutions(flaky);

            List<TestCaseRun> alwaysFails = attempts(events, "alwaysFails");
            assertEquals(Arrays.asList(0, 1, 2), retryIndexes(alwaysFails));
            assertEquals(Arrays.asList(TestStatus.FAILED, TestStatus.FAILED, TestStatus.FAILED), statuses(alwaysFails));
            assertFalse(alwaysFails.get(2).containsMetadata("flaky"));
            sameTestDistinctExecutions(alwaysFails);
            assertEquals(3, events.stream().filter(e -> e.hasTestFailure()
                    && e.getTestFailure().getTestId().equals(alwaysFails.get(0).getId())).count(), "a failure per attempt");

            List<TestCaseRun> passes = attempts(events, "passes");
            assertEquals(Arrays.asList(0), retryIndexes(passes), "a test that passed is not run again");

            // what each attempt printed belongs to that attempt
            List<String> flakyOutput = events.stream()
                    .filter(e -> e.hasStdOutput() && e.getStdOutput().getTestId().equals(flaky.get(0).getId()))
                    .map(e -> e.getStdOutput().getRetryIndex() + ":" + e.getStdOutput().getMessage().trim())
                    .collect(Collectors.toList());
            assertEquals(Arrays.asList("0:first attempt of flaky", "1:later attempt of flaky"), flakyOutput);

            // Surefire reruns a class whose @BeforeAll failed: three attempts of the class's test case
            List<TestCaseRun> brokenSetup = events.stream().filter(Event::hasTestEnd)
                    .map(e -> e.getTestEnd().getTestCase())
                    .filter(t -> BROKEN_SETUP.equals(t.getMetadataOrDefault("class", "")))
                    .collect(Collectors.toList());
            assertEquals(Arrays.asList(0, 1, 2), retryIndexes(brokenSetup));
            for (TestCaseRun attempt : brokenSetup) {
                assertEquals(TestStatus.BROKEN, attempt.getStatus());
                assertEquals("true", attempt.getMetadataOrDefault("class_failure", ""));
                assertEquals("the database is down", attempt.getErrorMessage());
            }

            Event runEnd = events.get(events.size() - 1);
            assertEquals("2", runEnd.getRunEnd().getMetadataOrDefault("tests_passed", ""), "the flaky test counts once, passed");
            assertEquals("1", runEnd.getRunEnd().getMetadataOrDefault("tests_failed", ""));
            assertEquals("1", runEnd.getRunEnd().getMetadataOrDefault("tests_broken", ""));
        }
    }

    private static List<Integer> retryIndexes(List<TestCaseRun> attempts) {
        return attempts.stream().map(TestCaseRun::getRetryIndex).collect(Collectors.toList());
    }

    private static List<TestStatus> statuses(List<TestCaseRun> attempts) {
        return attempts.stream().map(TestCaseRun::getStatus).collect(Collectors.toList());
    }

    private static void sameTestDistinctExecutions(List<TestCaseRun> attempts) {
        assertEquals(1, attempts.stream().map(TestCaseRun::getId).distinct().count(), "one test id");
        assertEquals(attempts.size(), new HashSet<>(attempts.stream().map(TestCaseRun::getExecutionId)
                .collect(Collectors.toList())).size(), "an execution id per attempt");
        assertFalse(attempts.stream().anyMatch(t -> t.getExecutionId().isEmpty()));
    }
}
