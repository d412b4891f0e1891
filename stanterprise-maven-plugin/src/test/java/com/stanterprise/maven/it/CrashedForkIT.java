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
import java.util.stream.Collectors;

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
     * One JVM runs APartlySentTest, BQuickTest, then CHaltsTest halts it once Surefire wrote
     * BQuickTest's report: far within the build's flush interval (60 s here). APartlySentTest's
     * repetitions filled a batch, which went at once, so the run has the class's begin and some
     * of its tests; the rest of it, and all of BQuickTest, died in the JVM's buffer. Surefire got
     * both classes' results over its own channel and wrote their reports.
     */
    @Test
    void testsADeadForkHadNotSentAreTakenFromSurefiresReports() throws Exception {
        long start = System.nanoTime();
        try (TestCollector collector = TestCollector.start()) {
            NestedBuild.Result build = NestedBuild.of("crashing-forks")
                    .args("-Dstanterprise.endpoint=" + collector.endpoint(), "-Dmaven.test.failure.ignore=true",
                            "-Dstanterprise.batchFlushIntervalMs=60000", "-Dreuse=true",
                            "-Dtest=APartlySentTest,BQuickTest,CHaltsTest", "verify")
                    .run();
            assertEquals(1, build.exitCode, build.toString());
            assertTrue(build.log.contains("Crashed tests:\n[ERROR] " + PACKAGE + "CHaltsTest"), build.toString());
            Path reports = build.directory.resolve("target/surefire-reports");
            assertTrue(Files.exists(reports.resolve("TEST-" + PACKAGE + "APartlySentTest.xml")));
            assertTrue(Files.exists(reports.resolve("TEST-" + PACKAGE + "BQuickTest.xml")));
            List<Event> events = collector.events();
            oneRunId(events);
            sequencedWithoutGaps(events);
            ordered(events);

            Map<String, Map<String, Integer>> surefire = SurefireReports.countsByClass(build.directory);
            assertEquals("{" + PACKAGE + "APartlySentTest={failed=1, passed=201}, " + PACKAGE
                    + "BQuickTest={failed=1, passed=2, skipped=1}}", surefire.toString());
            assertEquals(surefire, SurefireReports.countsByClass(events), "the collector counts what Surefire counts");

            // BQuickTest never left the JVM: all of it comes from its report, in a suite of its own.
            Map<String, TestStatus> quick = new TreeMap<>();
            for (TestCaseRun test : lastAttempts(events)) {
                if (test.getMetadataOrThrow("class").equals(PACKAGE + "BQuickTest")) {
                    quick.put(test.getName(), test.getStatus());
                    assertEquals("surefire-report", test.getMetadataOrThrow("source"), test.getName());
                    assertEquals(test.getName(), test.getMetadataOrThrow("method"));
                }
            }
            assertEquals("{adds=PASSED, fails=FAILED, multiplies=PASSED, waits=SKIPPED}", quick.toString());
            TestCaseRun failed = testEnd(events, "fails");
            assertTrue(failed.getErrorMessage().contains("two and two"), failed.getErrorMessage());
            assertTrue(failed.getStackTrace().contains("AssertionFailedError"), failed.getStackTrace());
            assertTrue(events.stream().anyMatch(e -> e.hasTestFailure()
                    && e.getTestFailure().getTestId().equals(failed.getId())), "a TestFailure for fails");
            assertEquals("not today", testEnd(events, "waits").getMetadataOrThrow("skip_reason"));
            Map<String, TestSuiteRun> suites = suitesByName(events);
            assertEquals(TestStatus.FAILED, suites.get("BQuickTest").getStatus());
            assertEquals("surefire-report", suites.get("BQuickTest").getMetadataOrThrow("source"));
            assertFalse(suites.containsKey("CHaltsTest"), "CHaltsTest's begin died in the buffer too");

            // APartlySentTest's suite came from the fork and is completed from the report, once:
            // its unsent tests inside it, its end with Surefire's outcome, not INTERRUPTED.
            List<TestSuiteRun> partly = events.stream().filter(Event::hasSuiteBegin).map(e -> e.getSuiteBegin().getSuite())
                    .filter(suite -> suite.getName().equals("APartlySentTest")).collect(Collectors.toList());
            assertEquals(1, partly.size(), "one suite for APartlySentTest");
            assertFalse(partly.get(0).containsMetadata("source"), "its begin came from the fork");
            assertEquals(TestStatus.FAILED, suites.get("APartlySentTest").getStatus());
            long fromFork = lastAttempts(events).stream().filter(t -> t.getMetadataOrThrow("class").equals(PACKAGE
                    + "APartlySentTest") && !t.containsMetadata("source")).count();
            assertTrue(fromFork > 0 && fromFork < 202, "some of APartlySentTest came from the fork: " + fromFork);
            List<TestCaseRun> failsAfterwards = RunChecks.attempts(events, "failsAfterwards");
            assertEquals(1, failsAfterwards.size());
            assertEquals(TestStatus.FAILED, failsAfterwards.get(0).getStatus());
            assertTrue(failsAfterwards.get(0).getErrorMessage().contains("one and one"));
            List<TestCaseRun> sleepsThenPasses = RunChecks.attempts(events, "sleepsThenPasses");
            assertEquals(1, sleepsThenPasses.size());
            assertEquals(TestStatus.PASSED, sleepsThenPasses.get(0).getStatus(), "ended from the report if it was open");

            TestRunEndEventRequest runEnd = events.get(events.size() - 1).getRunEnd();
            assertEquals(TestStatus.FAILED, runEnd.getFinalStatus());
            assertEquals("203", runEnd.getMetadataOrThrow("tests_passed"));
            assertEquals("2", runEnd.getMetadataOrThrow("tests_failed"));
            assertEquals("1", runEnd.getMetadataOrThrow("tests_skipped"));
            assertFalse(runEnd.containsMetadata("tests_interrupted"));
            String died = runEnd.getMetadataOrThrow("forks_died");
            assertTrue(died.matches(FORK), died);

            long fromReports = lastAttempts(events).stream().filter(t -> t.containsMetadata("source")).count();
            assertEquals(206 - fromFork, fromReports);
            Matcher death = Pattern.compile("\\[WARNING] Stanterprise: test JVM " + died + " ended without saying"
                    + " goodbye \\(it died or was killed\\); \\d+ test\\(s\\) and \\d+ suite\\(s\\) left open: [^\\n]*;"
                    + " Surefire's reports completed " + PACKAGE + "APartlySentTest \\((\\d+) test\\(s\\)\\)\n").matcher(build.log);
            assertTrue(death.find(), build.toString());
            assertEquals(fromReports - 4, Long.parseLong(death.group(1)), "APartlySentTest's tests taken at the JVM's death");
            assertTrue(build.log.contains("[INFO] Stanterprise: " + fromReports + " test(s) of crashing-forks (surefire:test)"
                    + " taken from Surefire's reports in " + reports + " (metadata source=surefire-report): their events"
                    + " never arrived from the test JVM."), build.toString());
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
