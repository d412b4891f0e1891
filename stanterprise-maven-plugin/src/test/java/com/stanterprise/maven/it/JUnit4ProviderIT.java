package com.stanterprise.maven.it;

import com.stanterprise.maven.collector.TestCollector;
import com.stanterprise.testsystem.v1.entities.TestCaseRun;
import com.stanterprise.testsystem.v1.entities.TestSuiteRun;
import com.stanterprise.testsystem.v1.observer.Event;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static com.stanterprise.maven.it.RunChecks.oneRunId;
import static com.stanterprise.maven.it.RunChecks.ordered;
import static com.stanterprise.maven.it.RunChecks.sequencedWithoutGaps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JUnit 4 without the JUnit Platform: Surefire's junit4 provider, and its junit47 provider when
 * tests run in parallel. The extension's JUnit 4 listener, named in Surefire's {@code listener}
 * property, reports every test once, with the outcome Surefire's own reports give it, each
 * class a FILE suite. (The Vintage engine, which ignores that property, is OtherEnginesIT's.)
 */
class JUnit4ProviderIT {

    private static final String LEDGER = "com.example.junit4.LedgerTest";
    private static final String INVOICE = "com.example.junit4.InvoiceTest";

    @Test
    void junit4ProviderReportsEveryTestAsSurefireReportsIt() throws Exception {
        try (TestCollector collector = TestCollector.start()) {
            NestedBuild.Result result = build(collector);
            assertTrue(result.log.contains("org.apache.maven.surefire.junit4.JUnit4Provider"), "the junit4 provider ran");
            checked(result, collector);
        }
    }

    @Test
    void junit47ProviderInParallelReportsEveryTestAsSurefireReportsIt() throws Exception {
        try (TestCollector collector = TestCollector.start()) {
            NestedBuild.Result result = build(collector, "-Dparallel=classes", "-DthreadCount=2");
            assertTrue(result.log.contains("org.apache.maven.surefire.junitcore.JUnitCoreProvider"),
                    "the junit47 provider ran");
            checked(result, collector);
        }
    }

    @Test
    void onSurefire36TheSameTestsRunOnThePlatformAndAreReportedOnce() throws Exception {
        try (TestCollector collector = TestCollector.start()) {
            NestedBuild.Result result = build(collector, "-Dsurefire.version=3.6.1");
            checked(result, collector);
        }
    }

    private static NestedBuild.Result build(TestCollector collector, String... more) {
        List<String> args = new ArrayList<>();
        args.add("-Dstanterprise.endpoint=" + collector.endpoint());
        args.add("-Dmaven.test.failure.ignore=true");
        args.addAll(java.util.Arrays.asList(more));
        args.add("verify");
        NestedBuild.Result result = NestedBuild.of("junit4-provider").args(args.toArray(new String[0])).run();
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
                    fileSuites.put(suite.getMetadataOrThrow("class"), suite.getType().name());
                }
            }
        }
        assertEquals(10, ends, "every test once");
        assertEquals(10, RunChecks.testOutcomes(events).size(), "every test once, by name");
        Map<String, String> expected = new TreeMap<>();
        expected.put(INVOICE, "FILE");
        expected.put(LEDGER, "FILE");
        assertEquals(expected, fileSuites, "one FILE suite per class");
        Map<String, Map<String, Integer>> surefire = SurefireReports.countsByClass(result.directory);
        assertEquals(surefire, SurefireReports.countsByClass(events), "per class and outcome, as Surefire reports them");
        Map<String, Integer> ledger = surefire.get(LEDGER);
        assertEquals(Integer.valueOf(1), ledger.get("passed"), "LedgerTest: " + ledger);
        assertEquals(Integer.valueOf(1), ledger.get("failed"), "LedgerTest: " + ledger);
        assertEquals(Integer.valueOf(1), ledger.get("errored"), "LedgerTest: " + ledger);
        assertEquals(Integer.valueOf(2), ledger.get("skipped"), "LedgerTest: " + ledger);
    }
}
