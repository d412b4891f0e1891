package com.stanterprise.maven.it;

import com.stanterprise.maven.collector.TestCollector;
import com.stanterprise.testsystem.v1.observer.Event;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static com.stanterprise.maven.it.RunChecks.oneRunId;
import static com.stanterprise.maven.it.RunChecks.ordered;
import static com.stanterprise.maven.it.RunChecks.sequencedWithoutGaps;
import static com.stanterprise.maven.it.RunChecks.testOutcomes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JUnit 6, a modular project (module-info.java in main and in test, run on the module path) and
 * TestNG running methods in parallel: every test once, with the outcome Surefire's own reports
 * give it.
 */
class FrameworksIT {

    @Test
    void junit6IsReportedAsSurefireReportsIt() throws Exception {
        try (TestCollector collector = TestCollector.start()) {
            NestedBuild.Result result = build("junit6", collector);
            List<Event> events = checked(collector);
            // 6 methods, one of them parameterized twice, and one in a @Nested class
            assertEquals(8, testOutcomes(events).size(), "every test once");
            assertEquals(SurefireReports.countsByClass(result.directory), SurefireReports.countsByClass(events),
                    "per class and outcome, as Surefire reports them");
        }
    }

    @Test
    void aModularProjectOnTheModulePathIsReportedAsSurefireReportsIt() throws Exception {
        try (TestCollector collector = TestCollector.start()) {
            NestedBuild.Result result = build("modules", collector);
            assertTrue(result.log.contains("in com.example.ledger.test.LedgerTest"), result.toString());
            List<Event> events = checked(collector);
            assertEquals(4, testOutcomes(events).size(), "every test once");
            assertEquals(SurefireReports.countsByClass(result.directory), SurefireReports.countsByClass(events),
                    "per class and outcome, as Surefire reports them");
        }
    }

    @Test
    void testngMethodsInParallelAreReportedAsSurefireReportsThem() throws Exception {
        try (TestCollector collector = TestCollector.start()) {
            NestedBuild.Result result = build("testng", collector, "-Dtestng.parallel=methods", "-Dtestng.threadCount=4");
            List<Event> events = checked(collector);
            assertEquals(11, testOutcomes(events).size(), "every test once");
            assertEquals(SurefireReports.countsBySuite(result.directory), SurefireReports.countsByClass(events),
                    "per class and outcome, as Surefire reports them");
            assertTrue(mostTestsOpenAtOnce(events) > 1, "the methods ran in parallel");
        }
    }

    private static int mostTestsOpenAtOnce(List<Event> events) {
        Set<String> open = new HashSet<>();
        int most = 0;
        for (Event event : events) {
            if (event.hasTestBegin()) {
                open.add(event.getTestBegin().getTestCase().getId());
                most = Math.max(most, open.size());
            } else if (event.hasTestEnd()) {
                open.remove(event.getTestEnd().getTestCase().getId());
            }
        }
        return most;
    }

    private static NestedBuild.Result build(String project, TestCollector collector, String... more) {
        NestedBuild.Result result = NestedBuild.of(project)
                .args("-Dstanterprise.endpoint=" + collector.endpoint(), "-Dmaven.test.failure.ignore=true")
                .args(more)
                .args("verify")
                .run();
        assertEquals(0, result.exitCode, result.toString());
        return result;
    }

    private static List<Event> checked(TestCollector collector) {
        List<Event> events = collector.events();
        oneRunId(events);
        sequencedWithoutGaps(events);
        ordered(events);
        return events;
    }
}
