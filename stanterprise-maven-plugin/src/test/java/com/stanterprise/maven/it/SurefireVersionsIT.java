package com.stanterprise.maven.it;

import com.stanterprise.maven.collector.TestCollector;
import com.stanterprise.testsystem.v1.observer.Event;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static com.stanterprise.maven.it.RunChecks.oneOrderedRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Surefire and Failsafe from 3.0.0 to the newest 3.6: the same JUnit 5 tests, run once by each
 * plugin in one build, are reported as both plugins' own XML reports count them. 3.5.4 is what
 * every other integration test runs.
 */
class SurefireVersionsIT {

    @ParameterizedTest(name = "Surefire and Failsafe {0}")
    @ValueSource(strings = {"3.0.0", "3.2.5", "3.6.1"})
    void reportsWhatSurefireAndFailsafeReport(String version) throws Exception {
        try (TestCollector collector = TestCollector.start()) {
            NestedBuild.Result result = NestedBuild.of("junit5-kinds")
                    .args("-Dstanterprise.endpoint=" + collector.endpoint(), "-Dmaven.test.failure.ignore=true",
                            "-Dsurefire.version=" + version, "-Dit.test=KindsTest*,OutputTest", "verify",
                            "org.apache.maven.plugins:maven-failsafe-plugin:" + version + ":integration-test")
                    .run();
            assertEquals(0, result.exitCode, result.toString());
            bothPluginsReported(result, collector.events());
        }
    }

    /**
     * The junit5-kinds tests that Surefire and Failsafe each ran once in {@code result}'s build
     * (failures ignored), reported in one ordered run as both plugins' XML reports count them.
     */
    static void bothPluginsReported(NestedBuild.Result result, List<Event> events) throws Exception {
        oneOrderedRun(events);
        Map<String, ?> suites = RunChecks.suitesByName(events);
        assertTrue(suites.containsKey("junit5-kinds (surefire:test)"), suites.keySet().toString());
        assertTrue(suites.containsKey("junit5-kinds (failsafe:integration-test)"), suites.keySet().toString());
        assertEquals(28, RunChecks.lastAttempts(events).size(), "14 tests, each once per plugin");
        assertEquals(SurefireReports.countsByClass(result.directory), SurefireReports.countsByClass(events),
                "per class and outcome, as Surefire and Failsafe report them");
    }
}
