package com.stanterprise.maven.it;

import com.stanterprise.maven.collector.TestCollector;
import com.stanterprise.testsystem.v1.common.TestStatus;
import com.stanterprise.testsystem.v1.entities.TestCaseRun;
import com.stanterprise.testsystem.v1.entities.TestSuiteRun;
import com.stanterprise.testsystem.v1.events.TestRunEndEventRequest;
import com.stanterprise.testsystem.v1.observer.Event;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.stanterprise.maven.it.RunChecks.oneRunId;
import static com.stanterprise.maven.it.RunChecks.ordered;
import static com.stanterprise.maven.it.RunChecks.sequencedWithoutGaps;
import static com.stanterprise.maven.it.RunChecks.suitesByName;
import static com.stanterprise.maven.it.RunChecks.testOutcomes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Test JVMs that end without warning (DESIGN.md invariant 7): a test calls System.exit (the
 * fork's shutdown hook runs), a test halts the JVM (no hook runs, as with kill -9 or a crash),
 * a test hangs until Surefire's forkedProcessTimeoutInSeconds kills its JVM. One JVM per class.
 */
class ForkDeathIT {

    private static final String PACKAGE = "com.example.dying.";
    private static final String FORK = "fork-\\d+, pid \\d+";
    /** What the build log says of each fork that died; group 1 the fork, 2 how it ended, 3 what it left. */
    private static final Pattern DEATH = Pattern.compile("\\[WARNING] Stanterprise: test JVM (" + FORK + ") "
            + "(ended without saying goodbye \\(it died or was killed\\)|exited before its tests ended \\(System\\.exit"
            + " in a test\\?\\)); (1 test\\(s\\) and 1 suite\\(s\\) left open: .*)");

    @Test
    void everyTestThatBeganInADeadForkEndsAndTheRunFails() throws Exception {
        long start = System.nanoTime();
        try (TestCollector collector = TestCollector.start()) {
            NestedBuild.Result build = NestedBuild.of("dying-forks")
                    .args("-Dstanterprise.endpoint=" + collector.endpoint(), "-Dmaven.test.failure.ignore=true",
                            "verify")
                    .run();
            // A fork that crashed fails Surefire's execution whatever testFailureIgnore says.
            assertEquals(1, build.exitCode, build.toString());
            assertTrue(build.log.contains("The forked VM terminated without properly saying goodbye"), build.toString());
            List<Event> events = collector.events();
            oneRunId(events);
            sequencedWithoutGaps(events);
            ordered(events);

            Map<String, TestStatus> expected = new TreeMap<>();
            expected.put(PACKAGE + "ExitTest#passesFirst()", TestStatus.PASSED);
            expected.put(PACKAGE + "ExitTest#callsSystemExit()", TestStatus.INTERRUPTED);
            expected.put(PACKAGE + "HaltTest#passesFirst()", TestStatus.PASSED);
            expected.put(PACKAGE + "HaltTest#haltsTheJvm()", TestStatus.INTERRUPTED);
            expected.put(PACKAGE + "HangTest#hangs()", TestStatus.INTERRUPTED);
            expected.put(PACKAGE + "SurvivorTest#adds()", TestStatus.PASSED);
            expected.put(PACKAGE + "SurvivorTest#compares()", TestStatus.PASSED);
            assertEquals(expected, testOutcomes(events));

            // Each cut test ends when its JVM did, and says which JVM that was.
            Map<String, String> forkOfCutTest = new TreeMap<>();
            for (String name : List.of("callsSystemExit()", "haltsTheJvm()", "hangs()")) {
                TestCaseRun cut = testEnd(events, name);
                Matcher reason = Pattern.compile("The test JVM \\((" + FORK + ")\\) ended before this test did\\.")
                        .matcher(cut.getErrorMessage());
                assertTrue(reason.matches(), name + ": " + cut.getErrorMessage());
                forkOfCutTest.put(name, reason.group(1));
                assertTrue(cut.hasEndTime() && cut.getDuration().getSeconds() >= 1, name + " ran its second first");
            }
            long hung = testEnd(events, "hangs()").getDuration().getSeconds();
            assertTrue(hung >= 7 && hung < 40, "hangs() is cut by the 8 s fork timeout, not its 60 s sleep: " + hung);

            Map<String, TestSuiteRun> suites = suitesByName(events);
            for (String dead : List.of("ExitTest", "HaltTest", "HangTest")) {
                assertEquals(TestStatus.INTERRUPTED, suites.get(dead).getStatus(), dead);
            }
            assertEquals(TestStatus.PASSED, suites.get("SurvivorTest").getStatus());
            assertEquals(TestStatus.INTERRUPTED, suites.get("dying-forks (surefire:test)").getStatus());
            // The build went on after each death: the last class ran in a fresh JVM.
            assertTrue(position(events, "SurvivorTest", true) > position(events, "HangTest", false),
                    "SurvivorTest begins after HangTest's JVM was killed");

            TestRunEndEventRequest runEnd = events.get(events.size() - 1).getRunEnd();
            assertEquals(TestStatus.FAILED, runEnd.getFinalStatus());
            assertEquals("4", runEnd.getMetadataOrThrow("tests_passed"));
            assertEquals("3", runEnd.getMetadataOrThrow("tests_interrupted"));
            String died = runEnd.getMetadataOrThrow("forks_died");
            assertEquals(3, Pattern.compile(FORK).matcher(died).results().count(), died);

            // The build log names each fork that died and what it left open.
            Map<String, String> warned = new TreeMap<>();
            Matcher death = DEATH.matcher(build.log);
            while (death.find()) {
                String fork = death.group(1);
                String left = death.group(3);
                assertTrue(died.contains(fork), fork + " in forks_died: " + died);
                boolean exited = death.group(2).startsWith("exited");
                if (left.endsWith("callsSystemExit(), ExitTest")) {
                    assertTrue(exited, "the shutdown hook said goodbye for ExitTest's JVM: " + death.group());
                    warned.put("callsSystemExit()", fork);
                } else if (left.endsWith("haltsTheJvm(), HaltTest")) {
                    assertFalse(exited, death.group());
                    warned.put("haltsTheJvm()", fork);
                } else if (left.endsWith("hangs(), HangTest")) {
                    assertFalse(exited, death.group());
                    warned.put("hangs()", fork);
                } else {
                    throw new AssertionError("unexpected: " + death.group());
                }
            }
            assertEquals(forkOfCutTest, warned, "one warning per dead fork, naming the fork its cut test names");

            // Surefire's own reports see less: no report for a class whose JVM died, and neither
            // the test that passed before the death nor the one cut by it.
            Path reports = build.directory.resolve("target/surefire-reports");
            String survivor = new String(Files.readAllBytes(reports.resolve("TEST-" + PACKAGE + "SurvivorTest.xml")),
                    StandardCharsets.UTF_8);
            assertTrue(survivor.contains("tests=\"2\" errors=\"0\" skipped=\"0\" failures=\"0\""), survivor);
            for (String dead : List.of("ExitTest", "HaltTest", "HangTest")) {
                assertFalse(Files.exists(reports.resolve("TEST-" + PACKAGE + dead + ".xml")), dead);
            }
            assertTrue(build.log.contains("Crashed tests:\n[ERROR] " + PACKAGE + "ExitTest"), build.toString());
            assertTrue(build.log.contains("Crashed tests:\n[ERROR] " + PACKAGE + "HaltTest"), build.toString());
            assertTrue(build.log.contains("Tests run: 2, Failures: 0, Errors: 0, Skipped: 0\n"), build.toString());
        }
        System.out.printf("dying forks: %.1f s for the nested build and its checks%n",
                (System.nanoTime() - start) / 1e9);
    }

    private static TestCaseRun testEnd(List<Event> events, String name) {
        return events.stream().filter(Event::hasTestEnd).map(e -> e.getTestEnd().getTestCase())
                .filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no end for test " + name));
    }

    /** Where the suite's begin (or end) is in the run. */
    private static int position(List<Event> events, String suite, boolean begin) {
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            if (begin && event.hasSuiteBegin() && event.getSuiteBegin().getSuite().getName().equals(suite)
                    || !begin && event.hasSuiteEnd() && event.getSuiteEnd().getSuite().getName().equals(suite)) {
                return i;
            }
        }
        throw new AssertionError("no " + (begin ? "begin" : "end") + " of suite " + suite);
    }
}
