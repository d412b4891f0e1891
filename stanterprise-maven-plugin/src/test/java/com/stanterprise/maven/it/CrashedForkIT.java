package com.stanterprise.maven.it;

import com.stanterprise.maven.collector.TestCollector;
import com.stanterprise.testsystem.v1.common.TestStatus;
import com.stanterprise.testsystem.v1.entities.TestCaseRun;
import com.stanterprise.testsystem.v1.entities.TestSuiteRun;
import com.stanterprise.testsystem.v1.events.TestRunEndEventRequest;
import com.stanterprise.testsystem.v1.observer.Event;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.stanterprise.maven.it.RunChecks.lastAttempts;
import static com.stanterprise.maven.it.RunChecks.oneRunId;
import static com.stanterprise.maven.it.RunChecks.ordered;
import static com.stanterprise.maven.it.RunChecks.sequencedWithoutGaps;
import static com.stanterprise.maven.it.RunChecks.suitesByName;
import static com.stanterprise.maven.it.RunChecks.testOutcomes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Test JVMs that crash (DESIGN.md invariant 7, with ForkDeathIT): what a dead JVM had not yet
 * flushed is taken from Surefire's own reports, so the collector counts what Surefire counts; a
 * kill -9 and an OutOfMemoryError under -XX:+ExitOnOutOfMemoryError end the test they cut.
 */
class CrashedForkIT {

    private static final String PACKAGE = "com.example.crashing.";
    private static final String FORK = "fork-\\d+, pid \\d+";

    /**
     * One JVM runs AQuickTest, then BHaltsTest halts it, a second later: far within the build's
     * flush interval (60 s here), so every event of AQuickTest is still in the JVM's buffer and
     * dies with it. Surefire got AQuickTest's results over its own channel and wrote its report.
     */
    @Test
    void testsADeadForkHadNotSentAreTakenFromSurefiresReports() throws Exception {
        long start = System.nanoTime();
        try (TestCollector collector = TestCollector.start()) {
            NestedBuild.Result build = NestedBuild.of("crashing-forks")
                    .args("-Dstanterprise.endpoint=" + collector.endpoint(), "-Dmaven.test.failure.ignore=true",
                            "-Dstanterprise.batchFlushIntervalMs=60000", "-Dreuse=true",
                            "-Dtest=AQuickTest,BHaltsTest", "verify")
                    .run();
            assertEquals(1, build.exitCode, build.toString());
            assertTrue(build.log.contains("Crashed tests:\n[ERROR] " + PACKAGE + "BHaltsTest"), build.toString());
            assertTrue(Files.exists(build.directory.resolve("target/surefire-reports/TEST-" + PACKAGE + "AQuickTest.xml")));
            List<Event> events = collector.events();
            oneRunId(events);
            sequencedWithoutGaps(events);
            ordered(events);

            Map<String, TestStatus> expected = new TreeMap<>();
            expected.put(PACKAGE + "AQuickTest#adds", TestStatus.PASSED);
            expected.put(PACKAGE + "AQuickTest#multiplies", TestStatus.PASSED);
            expected.put(PACKAGE + "AQuickTest#fails", TestStatus.FAILED);
            expected.put(PACKAGE + "AQuickTest#waits", TestStatus.SKIPPED);
            assertEquals(expected, testOutcomes(events), "AQuickTest's tests, from Surefire's report");
            assertEquals(SurefireReports.countsByClass(build.directory), SurefireReports.countsByClass(events),
                    "the collector counts what Surefire counts");
            for (TestCaseRun test : lastAttempts(events)) {
                assertEquals("surefire-report", test.getMetadataOrThrow("source"), test.getName());
                assertEquals(test.getName(), test.getMetadataOrThrow("method"));
            }
            TestCaseRun failed = testEnd(events, "fails");
            assertTrue(failed.getErrorMessage().contains("two and two"), failed.getErrorMessage());
            assertTrue(failed.getStackTrace().contains("AssertionFailedError"), failed.getStackTrace());
            assertTrue(events.stream().anyMatch(e -> e.hasTestFailure()
                    && e.getTestFailure().getTestId().equals(failed.getId())), "a TestFailure for fails");
            assertEquals("not today", testEnd(events, "waits").getMetadataOrThrow("skip_reason"));

            Map<String, TestSuiteRun> suites = suitesByName(events);
            assertEquals(TestStatus.FAILED, suites.get("AQuickTest").getStatus());
            assertEquals("surefire-report", suites.get("AQuickTest").getMetadataOrThrow("source"));
            assertFalse(suites.containsKey("BHaltsTest"), "BHaltsTest's begin died in the buffer too");

            TestRunEndEventRequest runEnd = events.get(events.size() - 1).getRunEnd();
            assertEquals(TestStatus.FAILED, runEnd.getFinalStatus());
            assertEquals("2", runEnd.getMetadataOrThrow("tests_passed"));
            assertEquals("1", runEnd.getMetadataOrThrow("tests_failed"));
            assertEquals("1", runEnd.getMetadataOrThrow("tests_skipped"));
            String died = runEnd.getMetadataOrThrow("forks_died");
            assertTrue(died.matches(FORK), died);

            assertTrue(build.log.contains("[WARNING] Stanterprise: test JVM " + died
                    + " ended without saying goodbye (it died or was killed)\n"), build.toString());
            assertTrue(build.log.contains("[INFO] Stanterprise: 4 test(s) of crashing-forks (surefire:test) taken from"
                    + " Surefire's reports in " + build.directory.resolve("target/surefire-reports")
                    + " (metadata source=surefire-report): their events never arrived from the test JVM."),
                    build.toString());
        }
        System.out.printf("crashed fork, tests from Surefire's reports: %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    /** One JVM per class: a kill -9, and an OutOfMemoryError that ends the JVM. */
    @Test
    void aKilledForkAndOneOutOfMemoryEndTheirTestInterrupted() throws Exception {
        long start = System.nanoTime();
        try (TestCollector collector = TestCollector.start()) {
            NestedBuild.Result build = NestedBuild.of("crashing-forks")
                    .args("-Dstanterprise.endpoint=" + collector.endpoint(), "-Dmaven.test.failure.ignore=true",
                            "-Dtest=KilledTest,OutOfMemoryTest", "verify")
                    .run();
            assertEquals(1, build.exitCode, build.toString());
            assertTrue(build.log.contains("Crashed tests:\n[ERROR] " + PACKAGE + "KilledTest"), build.toString());
            assertTrue(build.log.contains("Crashed tests:\n[ERROR] " + PACKAGE + "OutOfMemoryTest"), build.toString());
            List<Event> events = collector.events();
            oneRunId(events);
            sequencedWithoutGaps(events);
            ordered(events);

            Map<String, TestStatus> expected = new TreeMap<>();
            expected.put(PACKAGE + "KilledTest#killsItsOwnJvm()", TestStatus.INTERRUPTED);
            expected.put(PACKAGE + "OutOfMemoryTest#fillsTheHeap()", TestStatus.INTERRUPTED);
            assertEquals(expected, testOutcomes(events));
            Map<String, TestSuiteRun> suites = suitesByName(events);
            assertEquals(TestStatus.INTERRUPTED, suites.get("KilledTest").getStatus());
            assertEquals(TestStatus.INTERRUPTED, suites.get("OutOfMemoryTest").getStatus());
            assertEquals(TestStatus.INTERRUPTED, suites.get("crashing-forks (surefire:test)").getStatus());

            TestRunEndEventRequest runEnd = events.get(events.size() - 1).getRunEnd();
            assertEquals(TestStatus.FAILED, runEnd.getFinalStatus());
            assertEquals("2", runEnd.getMetadataOrThrow("tests_interrupted"));
            String died = runEnd.getMetadataOrThrow("forks_died");
            assertEquals(2, Pattern.compile(FORK).matcher(died).results().count(), died);

            for (String[] cut : new String[][]{{"killsItsOwnJvm()", "KilledTest"}, {"fillsTheHeap()", "OutOfMemoryTest"}}) {
                TestCaseRun test = testEnd(events, cut[0]);
                Matcher reason = Pattern.compile("The test JVM \\((" + FORK + ")\\) ended before this test did\\.")
                        .matcher(test.getErrorMessage());
                assertTrue(reason.matches(), cut[0] + ": " + test.getErrorMessage());
                assertTrue(died.contains(reason.group(1)), reason.group(1) + " in " + died);
                assertTrue(build.log.contains("[WARNING] Stanterprise: test JVM " + reason.group(1)
                        + " ended without saying goodbye (it died or was killed); 1 test(s) and 1 suite(s) left open: "
                        + cut[0] + ", " + cut[1] + "\n"), cut[0] + ": " + build);
            }
            assertFalse(build.log.contains("taken from Surefire's reports"), "Surefire reports no test of a crashed class");
        }
        System.out.printf("kill -9 and OutOfMemoryError: %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    private static TestCaseRun testEnd(List<Event> events, String name) {
        return events.stream().filter(Event::hasTestEnd).map(e -> e.getTestEnd().getTestCase())
                .filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no end for test " + name));
    }
}
