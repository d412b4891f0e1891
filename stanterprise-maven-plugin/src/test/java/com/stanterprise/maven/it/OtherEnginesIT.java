package com.stanterprise.maven.it;

import com.stanterprise.maven.collector.TestCollector;
import com.stanterprise.testsystem.v1.observer.Event;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.stanterprise.maven.it.RunChecks.oneRunId;
import static com.stanterprise.maven.it.RunChecks.ordered;
import static com.stanterprise.maven.it.RunChecks.sequencedWithoutGaps;
import static com.stanterprise.maven.it.RunChecks.testOutcomes;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * JUnit Platform engines other than Jupiter, through the same listener: JUnit 4 tests run by the
 * Vintage engine, TestNG tests run by the TestNG engine. Every test once, with the outcome
 * Surefire's own reports give it, a class whose @BeforeClass failed included.
 */
class OtherEnginesIT {

    @Test
    void junit4ThroughTheVintageEngineIsReportedAsSurefireReportsIt() throws Exception {
        try (TestCollector collector = TestCollector.start()) {
            NestedBuild.Result result = build("vintage", collector);
            List<Event> events = checked(collector);
            // 5 in KindsTest, 3 parameterized, 1 for the class whose @BeforeClass failed
            assertEquals(9, testOutcomes(events).size(), "every test once");
            assertEquals(SurefireReports.countsByClass(result.directory), SurefireReports.countsByClass(events),
                    "per class and outcome, as Surefire reports them");
        }
    }

    @Test
    void testngThroughTheTestngEngineIsReportedAsSurefireReportsIt() throws Exception {
        try (TestCollector collector = TestCollector.start()) {
            NestedBuild.Result result = build("testng", collector);
            List<Event> events = checked(collector);
            // 6 methods, 2 more data provider invocations, 2 skipped after a failed @BeforeClass and 1 for that class
            assertEquals(11, testOutcomes(events).size(), "every test once");
            Map<String, Map<String, Integer>> surefire = SurefireReports.countsBySuite(result.directory);
            assertEquals(surefire, SurefireReports.countsByClass(events), "per class and outcome, as Surefire reports them");
        }
    }

    private static NestedBuild.Result build(String project, TestCollector collector) {
        NestedBuild.Result result = NestedBuild.of(project)
                .args("-Dstanterprise.endpoint=" + collector.endpoint(), "-Dmaven.test.failure.ignore=true", "verify")
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
