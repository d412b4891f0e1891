package com.stanterprise.maven.it;

import com.stanterprise.maven.collector.TestCollector;
import com.stanterprise.testsystem.v1.common.TestStatus;
import com.stanterprise.testsystem.v1.entities.TestCaseRun;
import com.stanterprise.testsystem.v1.entities.TestSuiteRun;
import com.stanterprise.testsystem.v1.observer.Event;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static com.stanterprise.maven.it.RunChecks.oneRunId;
import static com.stanterprise.maven.it.RunChecks.ordered;
import static com.stanterprise.maven.it.RunChecks.sequencedWithoutGaps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TestNG without the JUnit Platform: Surefire 3.5's own testng provider. The extension's TestNG
 * listener, named in Surefire's {@code listener} property, reports every test once, each class a
 * FILE suite, each data-provider row and each invocation of a method with an invocationCount a
 * test of its own. (The TestNG engine on the JUnit Platform is OtherEnginesIT's.)
 *
 * <p>Surefire's testng provider writes one {@code TEST-TestSuite.xml} whose testcases name their
 * class, and reports whatever a TestNG test threw as a {@code <failure>}: the collector tells a
 * failed assertion (FAILED) from any other exception (BROKEN), so Surefire's failures are
 * compared with our FAILED and BROKEN together. A configuration method that threw
 * ({@code @BeforeClass}) is a failed test of its class there, and a BROKEN one here, its
 * class's tests skipped in both.
 */
class TestNGProviderIT {

    private static final String LEDGER = "com.example.testngprovider.LedgerTest";
    private static final String INVOICE = "com.example.testngprovider.InvoiceTest";
    private static final String SETUP = "com.example.testngprovider.SetupTest";
    private static final String INTERLEAVED = "com.example.testngprovider.InterleavedTest";
    private static final String GROUPED = "com.example.testngprovider.GroupedTest";
    private static final String INVOCATION = "com.example.testngprovider.InvocationTest";

    @Test
    void testngProviderReportsEveryTestAsSurefireReportsIt() throws Exception {
        try (TestCollector collector = TestCollector.start()) {
            NestedBuild.Result result = build(collector);
            assertTrue(result.log.contains("org.apache.maven.surefire.testng.TestNGProvider"), "the testng provider ran");
            checked(result, collector);
        }
    }

    @Test
    void testngProviderWithParallelMethodsReportsEveryTestOnce() throws Exception {
        try (TestCollector collector = TestCollector.start()) {
            NestedBuild.Result result = build(collector, "-Dparallel=methods", "-DthreadCount=3");
            assertTrue(result.log.contains("org.apache.maven.surefire.testng.TestNGProvider"), "the testng provider ran");
            checked(result, collector);
        }
    }

    @Test
    void onSurefire36TheSameTestsRunOnThePlatformAndAreReportedOnce() throws Exception {
        try (TestCollector collector = TestCollector.start()) {
            NestedBuild.Result result = build(collector, "-Dsurefire.version=3.6.1");
            List<com.stanterprise.testsystem.v1.observer.Event> events = collector.events();
            RunChecks.oneRunId(events);
            RunChecks.sequencedWithoutGaps(events);
            RunChecks.ordered(events);
            assertEquals(18, RunChecks.testOutcomes(events).size(), "every test once");
            Map<String, Integer> invocation = SurefireReports.countsByClass(events).get(INVOCATION);
            assertEquals(Integer.valueOf(2), invocation.get("passed"), "InvocationTest: " + invocation);
            assertEquals(Integer.valueOf(1), invocation.get("failed"), "InvocationTest: " + invocation);
        }
    }

    private static NestedBuild.Result build(TestCollector collector, String... more) {
        List<String> args = new ArrayList<>();
        args.add("-Dstanterprise.endpoint=" + collector.endpoint());
        args.add("-Dmaven.test.failure.ignore=true");
        args.addAll(Arrays.asList(more));
        args.add("verify");
        NestedBuild.Result result = NestedBuild.of("testng-provider").args(args.toArray(new String[0])).run();
        assertEquals(0, result.exitCode, result.toString());
        return result;
    }

    private static void checked(NestedBuild.Result result, TestCollector collector) throws Exception {
        List<Event> events = collector.events();
        oneRunId(events);
        sequencedWithoutGaps(events);
        ordered(events);
        Set<String> begun = new HashSet<>();
        int ends = 0;
        Map<String, String> fileSuites = new TreeMap<>();
        for (Event event : events) {
            if (event.hasTestBegin()) {
                TestCaseRun test = event.getTestBegin().getTestCase();
                assertTrue(begun.add(test.getId() + "#" + test.getRetryIndex()), "no test twice: " + test.getName());
            } else if (event.hasTestEnd()) {
                ends++;
            } else if (event.hasSuiteBegin()) {
                TestSuiteRun suite = event.getSuiteBegin().getSuite();
                if (suite.getMetadataMap().containsKey("class")) {
                    assertEquals(null, fileSuites.put(suite.getMetadataOrThrow("class"), suite.getType().name()),
                            "one suite per class: " + suite.getName());
                }
            }
        }
        assertEquals(18, ends, "every test once (a disabled test is not run, nor reported by Surefire)");
        Map<String, TestStatus> outcomes = RunChecks.testOutcomes(events);
        assertEquals(18, outcomes.size(), "every test once, by name: " + outcomes);
        Map<String, String> expected = new TreeMap<>();
        expected.put(INVOICE, "FILE");
        expected.put(LEDGER, "FILE");
        expected.put(SETUP, "FILE");
        // TestNG runs GroupedTest between InterleavedTest's two tests: still one suite each.
        expected.put(INTERLEAVED, "FILE");
        expected.put(GROUPED, "FILE");
        expected.put(INVOCATION, "FILE");
        assertEquals(expected, fileSuites, "one FILE suite per class");
        assertEquals(TestStatus.PASSED, outcomes.get(INTERLEAVED + "#afterTheGroup"));

        Map<String, Map<String, Integer>> surefire = SurefireReports.countsByClass(result.directory);
        assertEquals(surefire, failuresAsSurefireCountsThem(SurefireReports.countsByClass(events)),
                "per class and outcome, as Surefire reports them");
        Map<String, Integer> ledger = surefire.get(LEDGER);
        assertEquals(Integer.valueOf(1), ledger.get("passed"), "LedgerTest: " + ledger);
        assertEquals(Integer.valueOf(2), ledger.get("failed"), "LedgerTest: " + ledger);
        assertEquals(Integer.valueOf(2), ledger.get("skipped"), "LedgerTest: " + ledger);
        Map<String, Integer> invoice = surefire.get(INVOICE);
        assertEquals(Integer.valueOf(3), invoice.get("passed"), "InvoiceTest: " + invoice);
        assertEquals(Integer.valueOf(1), invoice.get("failed"), "InvoiceTest: " + invoice);

        // invocationCount = 3, the second failing: three tests, not one test tried three times.
        Map<String, Integer> invocation = surefire.get(INVOCATION);
        assertEquals(Integer.valueOf(2), invocation.get("passed"), "InvocationTest: " + invocation);
        assertEquals(Integer.valueOf(1), invocation.get("failed"), "InvocationTest: " + invocation);
        assertEquals(TestStatus.PASSED, outcomes.get(INVOCATION + "#invoked(1)"));
        assertEquals(TestStatus.FAILED, outcomes.get(INVOCATION + "#invoked(2)"));
        assertEquals(TestStatus.PASSED, outcomes.get(INVOCATION + "#invoked(3)"));
        Event runEnd = events.stream().filter(Event::hasRunEnd).findFirst().orElseThrow();
        Map<String, String> counts = new TreeMap<>(runEnd.getRunEnd().getMetadataMap());
        counts.keySet().removeIf(key -> !key.startsWith("tests_"));
        Map<String, String> expectedCounts = new TreeMap<>();
        expectedCounts.put("tests_passed", "9");
        expectedCounts.put("tests_failed", "3");
        expectedCounts.put("tests_broken", "2");
        expectedCounts.put("tests_skipped", "4");
        assertEquals(expectedCounts, counts, "the run counts every invocation, as Surefire does");

        Map<String, Integer> setup = surefire.get(SETUP);
        assertEquals(Integer.valueOf(1), setup.get("failed"), "SetupTest's @BeforeClass: " + setup);
        assertEquals(Integer.valueOf(2), setup.get("skipped"), "SetupTest's tests: " + setup);

        assertEquals(TestStatus.BROKEN, outcomes.get(SETUP + "#connect"), "the @BeforeClass that threw");
        assertEquals(TestStatus.SKIPPED, outcomes.get(SETUP + "#one"));
        assertEquals(TestStatus.FAILED, outcomes.get(LEDGER + "#failsAnAssertion"));
        assertEquals(TestStatus.BROKEN, outcomes.get(LEDGER + "#throwsAnError"));
        assertEquals(TestStatus.SKIPPED, outcomes.get(LEDGER + "#skipsItself"));
        assertEquals(TestStatus.SKIPPED, outcomes.get(LEDGER + "#dependsOnAFailure"), "skipped: its dependency failed");
        // Named as Surefire's testng provider names the rows' testcases, the invocation counted from 1.
        assertEquals(TestStatus.PASSED, outcomes.get(INVOICE + "#totals[net, 100, 100](1)"));
        assertEquals(TestStatus.FAILED, outcomes.get(INVOICE + "#totals[gross, 100, 119](2)"));
        assertEquals(TestStatus.PASSED, outcomes.get(INVOICE + "#totals[zero, 0, 0](3)"));
        assertEquals(SurefireReports.testcaseNames(result.directory, INVOICE), testNames(events, INVOICE),
                "InvoiceTest's tests named as Surefire's report names them");

        for (TestCaseRun test : RunChecks.lastAttempts(events)) {
            String method = test.getMetadataOrDefault("method", "");
            assertEquals(test.getMetadataOrDefault("class", "?") + "#" + method,
                    test.getLocation(), "location of " + test.getName());
            assertTrue(test.getMetadataMap().containsKey("unique_id"), "unique_id of " + test.getName());
            assertEquals(0, test.getRetryIndex(), "no test is a retry here: " + test.getName());
            assertFalse(test.getMetadataMap().containsKey("flaky"), "no test is flaky here: " + test.getName());
            if (method.equals("connect")) {
                assertEquals("true", test.getMetadataOrDefault("configuration", ""), "a configuration method");
            } else if (method.equals("skipsItself")) {
                assertEquals("not on this ledger", test.getMetadataOrDefault("skip_reason", ""), "SkipException's message");
            } else if (method.equals("dependsOnAFailure")) {
                assertTrue(test.getMetadataOrDefault("skip_reason", "").contains("failsAnAssertion"),
                        "the dependency that failed: " + test.getMetadataMap());
            } else if (method.equals("totals")) {
                assertTrue(test.getMetadataMap().containsKey("parameters"), "data-provider row's parameters");
            }
        }
    }

    /** The names of the class's tests (their last attempts), sorted. */
    private static List<String> testNames(List<Event> events, String className) {
        List<String> names = new ArrayList<>();
        for (TestCaseRun test : RunChecks.lastAttempts(events)) {
            if (className.equals(test.getMetadataOrDefault("class", ""))) {
                names.add(test.getName());
            }
        }
        names.sort(String::compareTo);
        return names;
    }

    /** Surefire's testng provider writes every exception a test threw as a failure. */
    private static Map<String, Map<String, Integer>> failuresAsSurefireCountsThem(Map<String, Map<String, Integer>> ours) {
        Map<String, Map<String, Integer>> counts = new TreeMap<>();
        ours.forEach((className, byOutcome) -> {
            Map<String, Integer> merged = new TreeMap<>();
            byOutcome.forEach((outcome, n) -> merged.merge("errored".equals(outcome) ? "failed" : outcome, n, Integer::sum));
            counts.put(className, merged);
        });
        return counts;
    }
}
