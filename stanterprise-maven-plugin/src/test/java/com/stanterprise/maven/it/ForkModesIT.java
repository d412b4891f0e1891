package com.stanterprise.maven.it;

import com.stanterprise.maven.collector.TestCollector;
import com.stanterprise.testsystem.v1.observer.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static com.stanterprise.maven.it.RunChecks.oneRunId;
import static com.stanterprise.maven.it.RunChecks.ordered;
import static com.stanterprise.maven.it.RunChecks.sequencedWithoutGaps;
import static com.stanterprise.maven.it.RunChecks.testOutcomes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every fork and execution mode reports the same tests with the same outcomes as Surefire's own
 * reports: one run, every test once, begin before end.
 */
class ForkModesIT {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "-DforkCount=0",
            "-DforkCount=1C -DreuseForks=false",
            "-Djunit.jupiter.execution.parallel.enabled=true -Djunit.jupiter.execution.parallel.mode.default=concurrent"})
    void reportsWhatSurefireReports(String mode) throws Exception {
        try (TestCollector collector = TestCollector.start()) {
            NestedBuild build = NestedBuild.of("junit5-kinds")
                    .args("-Dstanterprise.endpoint=" + collector.endpoint(), "-Dmaven.test.failure.ignore=true");
            build.args(mode.split(" "));
            NestedBuild.Result result = build.args("verify").run();
            assertEquals(0, result.exitCode, result.toString());
            List<Event> events = collector.events();
            oneRunId(events);
            sequencedWithoutGaps(events);
            ordered(events);
            assertEquals(14, testOutcomes(events).size(), "every test once");
            assertEquals(SurefireReports.countsByClass(result.directory), SurefireReports.countsByClass(events),
                    "per class and outcome, as Surefire reports them");
        }
    }

    @Test
    void aTestJvmThatRunsOneClassAtATimeKeepsOneConnection() throws Exception {
        // forkCount=2 with reused forks: each JVM asks for classes one at a time, and Surefire
        // starts a JUnit test plan per class. Six classes, two JVMs, two connections.
        try (TestCollector collector = TestCollector.start()) {
            NestedBuild.Result result = NestedBuild.of("many-classes")
                    .args("-Dstanterprise.endpoint=" + collector.endpoint(), "verify")
                    .run();
            assertEquals(0, result.exitCode, result.toString());
            List<Event> events = collector.events();
            oneRunId(events);
            sequencedWithoutGaps(events);
            ordered(events);
            assertEquals(12, testOutcomes(events).size(), "every test once");
            assertEquals(SurefireReports.countsByClass(result.directory), SurefireReports.countsByClass(events));
            String stats = new String(java.nio.file.Files.readAllBytes(
                    result.directory.resolve("target/stanterprise/stats.json")), java.nio.charset.StandardCharsets.UTF_8);
            java.util.regex.Matcher connections = java.util.regex.Pattern.compile("\"fork_connections\": (\\d+)")
                    .matcher(stats);
            assertTrue(connections.find(), stats);
            int count = Integer.parseInt(connections.group(1));
            assertTrue(count >= 1 && count <= 2, "one connection per test JVM, not per class: " + count);
        }
    }

    @Test
    void aGoalRunFromTheCommandLineIsReportedUnderTheConfiguredRunId() throws Exception {
        try (TestCollector collector = TestCollector.start()) {
            NestedBuild.Result result = NestedBuild.of("demo")
                    .args("-Dstanterprise.endpoint=" + collector.endpoint(), "-Dstanterprise.runId=nightly-42",
                            "test-compile", "surefire:test")
                    .run();
            assertEquals(0, result.exitCode, result.toString());
            List<Event> events = collector.events();
            assertEquals("nightly-42", oneRunId(events));
            ordered(events);
            assertEquals(7, testOutcomes(events).size());
            assertTrue(RunChecks.suitesByName(events).containsKey("demo (surefire:test)"));
        }
    }

    @Test
    void anOlderSurefireGetsAWarningAndTheBuildGoesOnUnreported() throws Exception {
        try (TestCollector collector = TestCollector.start()) {
            NestedBuild.Result result = NestedBuild.of("demo")
                    .args("-Dstanterprise.endpoint=" + collector.endpoint(), "-Dsurefire.version=2.12.4", "verify")
                    .run();
            assertEquals(0, result.exitCode, result.toString());
            assertTrue(result.log.contains("[WARNING] Stanterprise: maven-surefire-plugin 2.12.4 is too old to report"
                    + " from; upgrade to 3.5.4 or later (its tests run, unreported)."), result.toString());
            assertTrue(collector.events().isEmpty(), "nothing reported");
        }
    }
}
