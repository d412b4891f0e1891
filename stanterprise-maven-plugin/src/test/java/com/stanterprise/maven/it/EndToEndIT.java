package com.stanterprise.maven.it;

import com.stanterprise.maven.collector.TestCollector;
import com.stanterprise.maven.export.FileSink;
import com.stanterprise.testsystem.v1.common.TestStatus;
import com.stanterprise.testsystem.v1.entities.SuiteType;
import com.stanterprise.testsystem.v1.entities.TestCaseRun;
import com.stanterprise.testsystem.v1.entities.TestSuiteRun;
import com.stanterprise.testsystem.v1.observer.Event;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.stanterprise.maven.it.RunChecks.fingerprint;
import static com.stanterprise.maven.it.RunChecks.oneRunId;
import static com.stanterprise.maven.it.RunChecks.ordered;
import static com.stanterprise.maven.it.RunChecks.sequencedWithoutGaps;
import static com.stanterprise.maven.it.RunChecks.suitesByName;
import static com.stanterprise.maven.it.RunChecks.testOutcomes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real nested builds of the projects in src-it, reporting to a real collector on loopback. */
class EndToEndIT {

    private static final String KINDS = "com.example.kinds.KindsTest";

    @Test
    void reportsEveryKindOfJupiterTestWithItsOutcome() throws Exception {
        try (TestCollector collector = TestCollector.start()) {
            NestedBuild.Result build = NestedBuild.of("junit5-kinds")
                    .args("-Dstanterprise.endpoint=" + collector.endpoint(), "-Dmaven.test.failure.ignore=true",
                            "-Dstanterprise.verbose=true", "verify")
                    .run();
            assertEquals(0, build.exitCode, build.toString());
            List<Event> events = collector.events();
            oneRunId(events);
            sequencedWithoutGaps(events);
            ordered(events);

            Map<String, TestStatus> expected = new TreeMap<>();
            expected.put(KINDS + "#passes()", TestStatus.PASSED);
            expected.put(KINDS + "#fails()", TestStatus.FAILED);
            expected.put(KINDS + "#errors()", TestStatus.BROKEN);
            expected.put(KINDS + "#disabled()", TestStatus.SKIPPED);
            expected.put(KINDS + "#aborted()", TestStatus.SKIPPED);
            expected.put(KINDS + "#[1] 1", TestStatus.PASSED);
            expected.put(KINDS + "#[2] 2", TestStatus.PASSED);
            expected.put(KINDS + "#repetition 1 of 2", TestStatus.PASSED);
            expected.put(KINDS + "#repetition 2 of 2", TestStatus.PASSED);
            expected.put(KINDS + "#first", TestStatus.PASSED);
            expected.put(KINDS + "#second", TestStatus.PASSED);
            expected.put(KINDS + "$Inner#nestedPasses()", TestStatus.PASSED);
            expected.put("com.example.kinds.OutputTest#talks()", TestStatus.PASSED);
            expected.put("com.example.kinds.OutputTest#floods()", TestStatus.PASSED);
            assertEquals(expected, testOutcomes(events));

            // Output, attributed to the test that printed it, in order; a flood is cut at 1 MiB.
            String talks = testEnd(events, "talks()").getId();
            assertEquals("hello from the test\nno newline at the end", output(events, talks, false));
            assertEquals("a warning from the test\n", output(events, talks, true));
            String flood = output(events, testEnd(events, "floods()").getId(), false);
            assertTrue(flood.endsWith("[stanterprise: output truncated after 1048576 bytes]"), "truncation marker");
            assertEquals(1048576 + "[stanterprise: output truncated after 1048576 bytes]".length(), flood.length());
            assertTrue(build.log.contains("hello from the test"), "Surefire still prints what tests print");

            TestCaseRun fails = testEnd(events, "fails()");
            assertTrue(fails.getErrorMessage().contains("one is not two"), fails.getErrorMessage());
            assertTrue(fails.getStackTrace().contains("KindsTest.fails"), "stack trace of the failure");
            assertTrue(events.stream().anyMatch(e -> e.hasTestFailure()
                    && e.getTestFailure().getTestId().equals(fails.getId())
                    && e.getTestFailure().getFailureMessage().contains("one is not two")));
            TestCaseRun errors = testEnd(events, "errors()");
            assertTrue(events.stream().anyMatch(e -> e.hasTestError()
                    && e.getTestError().getTestId().equals(errors.getId())
                    && e.getTestError().getErrorMessage().equals("the ledger is closed")));
            assertTrue(testEnd(events, "aborted()").getMetadataOrThrow("skip_reason").contains("not on this machine"));
            assertEquals("not today", testEnd(events, "disabled()").getMetadataOrThrow("skip_reason"));

            TestCaseRun passes = testEnd(events, "passes()");
            assertEquals(List.of("fast"), passes.getTagsList());
            assertEquals(KINDS, passes.getMetadataOrThrow("class"));
            assertEquals("passes", passes.getMetadataOrThrow("method"));
            assertTrue(passes.getMetadataOrThrow("unique_id").contains("[method:passes()]"));
            assertTrue(passes.getLocation().startsWith(KINDS + "#passes"));
            assertTrue(passes.hasStartTime() && passes.hasEndTime() && passes.hasDuration());
            assertEquals(KINDS + "$Inner", testEnd(events, "nestedPasses()").getMetadataOrThrow("class"));
            assertEquals("dynamic", testEnd(events, "first").getMetadataOrThrow("method"));

            Map<String, TestSuiteRun> suites = suitesByName(events);
            TestSuiteRun project = suites.get("junit5-kinds (surefire:test)");
            assertEquals(SuiteType.PROJECT, project.getType());
            assertEquals(TestStatus.BROKEN, project.getStatus());
            TestSuiteRun file = suites.get("KindsTest");
            assertEquals(SuiteType.FILE, file.getType());
            assertEquals(project.getId(), file.getParentSuiteId());
            for (String container : List.of("Inner", "parameterized(int)", "repeated()", "dynamic()")) {
                assertEquals(SuiteType.SUBSUITE, suites.get(container).getType(), container);
                assertEquals(file.getId(), suites.get(container).getParentSuiteId(), container);
            }
            assertEquals(suites.get("parameterized(int)").getId(), testEnd(events, "[1] 1").getTestSuiteId());
            assertEquals(TestStatus.FAILED, events.get(events.size() - 1).getRunEnd().getFinalStatus());

            // Batched: far fewer calls than events, and verbose prints the batch statistics.
            assertTrue(collector.batchCalls() < events.size() / 2,
                    collector.batchCalls() + " batch calls for " + events.size() + " events");
            assertEquals(0, collector.unaryCalls());
            assertTrue(build.log.contains("Stanterprise: batches sent " + collector.batchCalls() + ", events "
                    + events.size() + ", average batch size"), build.log);
        }
    }

    @Test
    void reactorReportsOneRunInOrderWhateverTheTransport() throws Exception {
        List<Event> batched;
        long batchCalls;
        try (TestCollector collector = TestCollector.start()) {
            NestedBuild.Result build = NestedBuild.of("reactor")
                    .args("-Dstanterprise.endpoint=" + collector.endpoint(),
                            // cut batches by size only, to count them
                            "-Dstanterprise.batchSize=10", "-Dstanterprise.batchFlushIntervalMs=60000",
                            "verify")
                    .run();
            assertEquals(0, build.exitCode, build.toString());
            batched = collector.events();
            batchCalls = collector.batchCalls();
            assertEquals(0, collector.unaryCalls());
            assertEquals(0, collector.duplicates());
            noSecretInReports(build.directory);
        }
        oneRunId(batched);
        sequencedWithoutGaps(batched);
        ordered(batched);
        assertEquals(reactorTests(), testOutcomes(batched));
        Map<String, TestSuiteRun> suites = suitesByName(batched);
        for (String project : List.of("ledger-api (surefire:test)", "ledger-app (surefire:test)",
                "ledger-app (failsafe:integration-test)")) {
            assertEquals(SuiteType.PROJECT, suites.get(project).getType(), project);
            assertEquals(TestStatus.PASSED, suites.get(project).getStatus(), project);
        }
        int n = batched.size();
        assertTrue(batchCalls >= (n + 9) / 10 && batchCalls <= n / 10 + 2,
                batchCalls + " batch calls for " + n + " events with batchSize 10");
        System.out.printf("reactor, batching on: %d events, %d batch RPCs%n", n, batchCalls);

        // One call per event (the old way), with modules built in parallel.
        try (TestCollector collector = TestCollector.start()) {
            NestedBuild.Result build = NestedBuild.of("reactor")
                    .args("-Dstanterprise.endpoint=" + collector.endpoint(), "-Dstanterprise.enableBatching=false",
                            "-T", "2", "verify")
                    .run();
            assertEquals(0, build.exitCode, build.toString());
            List<Event> unary = collector.events();
            assertEquals(0, collector.batchCalls());
            assertEquals(unary.size(), collector.unaryCalls());
            oneRunId(unary);
            ordered(unary);
            assertEquals(fingerprint(batched), fingerprint(unary));
            assertEquals(testIds(batched), testIds(unary), "the same test has the same id in every run");
            System.out.printf("reactor, batching off: %d events, %d unary RPCs%n", unary.size(), collector.unaryCalls());
        }

        // No endpoint: the embedded file sink holds the same events.
        NestedBuild.Result build = NestedBuild.of("reactor").args("verify").run();
        assertEquals(0, build.exitCode, build.toString());
        Path file = build.directory.resolve("target/stanterprise/events.jsonl");
        List<Event> written = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            written.add(FileSink.parse(line));
        }
        String runId = oneRunId(written);
        sequencedWithoutGaps(written);
        ordered(written);
        assertEquals(fingerprint(batched), fingerprint(written));
        assertTrue(Pattern.matches("\\[INFO] Stanterprise: run " + Pattern.quote(runId) + ": " + written.size()
                        + " events in \\d+ batches \\(0 calls, 0 retries\\) to file " + Pattern.quote(file.toString())
                        + ", spooled 0, lost 0; tests: 7 passed", build.lastLine()),
                "last line of the build log: " + build.lastLine());
    }

    private static Map<String, TestStatus> reactorTests() {
        Map<String, TestStatus> expected = new TreeMap<>();
        for (String test : List.of("com.example.ledger.LedgerTest#startsEmpty()",
                "com.example.ledger.LedgerTest#seesTheModuleSystemProperty()",
                "com.example.ledger.BalanceTest#sumsPostings()",
                "com.example.ledger.BalanceTest#creditsCancelDebits()",
                "com.example.app.TellerTest#formatsCents()",
                "com.example.app.TellerIT#formatsLargeAmounts()",
                "com.example.app.TellerIT#formatsZero()")) {
            expected.put(test, TestStatus.PASSED);
        }
        return expected;
    }

    private static Map<String, String> testIds(List<Event> events) {
        return events.stream().filter(Event::hasTestEnd).map(e -> e.getTestEnd().getTestCase())
                .collect(Collectors.toMap(t -> t.getMetadataOrThrow("unique_id"), TestCaseRun::getId, (a, b) -> a,
                        TreeMap::new));
    }

    /** Everything a test printed to stdout (or stderr), as the collector got it. */
    private static String output(List<Event> events, String testId, boolean stderr) {
        StringBuilder text = new StringBuilder();
        for (Event event : events) {
            if (!stderr && event.hasStdOutput() && event.getStdOutput().getTestId().equals(testId)) {
                text.append(event.getStdOutput().getMessage());
            }
            if (stderr && event.hasStdError() && event.getStdError().getTestId().equals(testId)) {
                text.append(event.getStdError().getMessage());
            }
        }
        return text.toString();
    }

    private static TestCaseRun testEnd(List<Event> events, String name) {
        return events.stream().filter(Event::hasTestEnd).map(e -> e.getTestEnd().getTestCase())
                .filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no end for test " + name));
    }

    /**
     * The per-build secret reaches the forks only as the name of an owner-only file that is gone
     * once the build ends: Surefire's reports (which list system properties) hold no secret.
     */
    private static void noSecretInReports(Path project) throws IOException {
        Pattern secretFile = Pattern.compile("name=\"stanterprise\\.secretFile\" value=\"([^\"]+)\"");
        int checked = 0;
        try (Stream<Path> files = Files.walk(project)) {
            List<Path> reports = files.filter(p -> p.toString().contains("-reports") && p.toString().endsWith(".xml"))
                    .collect(Collectors.toList());
            assertFalse(reports.isEmpty());
            for (Path report : reports) {
                String text = new String(Files.readAllBytes(report), StandardCharsets.UTF_8);
                assertFalse(text.contains("\"stanterprise.secret\""), "a secret property in " + report);
                java.util.regex.Matcher file = secretFile.matcher(text);
                if (file.find()) {
                    checked++;
                    assertFalse(Files.exists(Path.of(file.group(1))), "the secret file outlived the build");
                }
            }
        }
        assertTrue(checked > 0, "the reports name the secret file");
    }
}
