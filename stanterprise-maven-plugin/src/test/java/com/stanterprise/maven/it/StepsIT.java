package com.stanterprise.maven.it;

import com.stanterprise.maven.collector.TestCollector;
import com.stanterprise.testsystem.v1.common.Attachment;
import com.stanterprise.testsystem.v1.common.TestStatus;
import com.stanterprise.testsystem.v1.entities.StepRun;
import com.stanterprise.testsystem.v1.entities.TestCaseRun;
import com.stanterprise.testsystem.v1.observer.Event;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.stanterprise.maven.it.RunChecks.oneRunId;
import static com.stanterprise.maven.it.RunChecks.ordered;
import static com.stanterprise.maven.it.RunChecks.sequencedWithoutGaps;
import static com.stanterprise.maven.it.RunChecks.testOutcomes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A project that compiles against the steps API (it declares the listener as a test dependency)
 * and uses steps, attachments and JUnit's report entries and files.
 */
class StepsIT {

    private static final String CHECKOUT = "com.example.steps.CheckoutTest";
    private static final byte[] SCREENSHOT = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 42};

    /**
     * Java 24 and later warn on stderr when a library calls sun.misc.Unsafe's memory methods, as
     * protobuf's runtime did before 4.36 when the listener built a step or an attachment. The
     * listener never writes to the test JVM's stderr, not even through the JVM.
     */
    @Test
    void onJava24OrLaterTheTestJvmShowsNoWarningOfTheListener() throws Exception {
        Path jdk = NewerJdk.home();
        Assumptions.assumeTrue(jdk != null, "no JDK 24 or later in /usr/lib/jvm");
        try (TestCollector collector = TestCollector.start()) {
            NestedBuild.Result build = NestedBuild.of("steps")
                    .args("-V", "-Dstanterprise.endpoint=" + collector.endpoint(), "-Dmaven.test.failure.ignore=true",
                            "-Djvm=" + jdk.resolve("bin/java"), "verify")
                    .run();
            assertEquals(0, build.exitCode, build.toString());
            assertEquals(2, testOutcomes(collector.events()).size(), "the tests ran and were reported: " + build);
            assertTrue(stepEnds(collector.events(), testEnd(collector.events(), "paysTheInvoice(TestReporter)")).size() > 0,
                    "steps were built in the test JVM");
            // Maven's own JVM may run on a JDK 24 too, and Maven 3.8's Guava earns a warning there.
            assertEquals(List.of(), NewerJdk.callersOutsideMaven(build), build.toString());
        }
    }

    @Test
    void stepsAttachmentsAndEntriesReachTheCollectorInsideTheirTest() throws Exception {
        try (TestCollector collector = TestCollector.start()) {
            NestedBuild.Result build = NestedBuild.of("steps")
                    .args("-Dstanterprise.endpoint=" + collector.endpoint(), "-Dmaven.test.failure.ignore=true", "verify")
                    .run();
            assertEquals(0, build.exitCode, build.toString());
            List<Event> events = collector.events();
            oneRunId(events);
            sequencedWithoutGaps(events);
            ordered(events);

            // Each test once: the listener on the test classpath is the project's, not a second copy.
            Map<String, TestStatus> expected = new TreeMap<>();
            expected.put(CHECKOUT + "#paysTheInvoice(TestReporter)", TestStatus.PASSED);
            expected.put(CHECKOUT + "#isDeclined()", TestStatus.FAILED);
            assertEquals(expected, testOutcomes(events));
            assertEquals(1, listenerJarsOnTestClasspath(build.directory), "the listener jar once on the classpath");

            TestCaseRun pays = testEnd(events, "paysTheInvoice(TestReporter)");
            List<StepRun> paySteps = stepEnds(events, pays);
            assertEquals(List.of("open the invoice", "confirm the payment", "pay the invoice"),
                    paySteps.stream().map(StepRun::getTitle).collect(Collectors.toList()), "ends, innermost first");
            StepRun pay = paySteps.get(2);
            assertEquals("", pay.getParentStepId());
            for (StepRun step : paySteps) {
                assertEquals(TestStatus.PASSED, step.getStatus(), step.getTitle());
                assertEquals(pays.getExecutionId(), step.getExecutionId());
                assertTrue(step.hasStartTime() && step.hasDuration(), step.getTitle());
                if (step != pay) {
                    assertEquals(pay.getId(), step.getParentStepId(), step.getTitle());
                }
            }
            Attachment screenshot = paySteps.get(0).getAttachments(0);
            assertEquals("invoice.png", screenshot.getName());
            assertEquals("image/png", screenshot.getMimeType());
            assertArrayEquals(SCREENSHOT, screenshot.getContent().toByteArray());
            assertEquals(List.of("receipt.txt", "receipt.json"),
                    pays.getAttachmentsList().stream().map(Attachment::getName).collect(Collectors.toList()));
            assertEquals("receipt-42", pays.getAttachments(0).getContent().toStringUtf8());
            assertEquals("application/json", pays.getAttachments(1).getMimeType());
            assertEquals("{\"receipt\":\"receipt-42\"}", pays.getAttachments(1).getContent().toStringUtf8());
            assertEquals("INV-42", pays.getMetadataOrThrow("invoice"));

            TestCaseRun declined = testEnd(events, "isDeclined()");
            List<StepRun> declinedSteps = stepEnds(events, declined);
            assertEquals(List.of("enter the card", "see the payment accepted", "pay the invoice"),
                    declinedSteps.stream().map(StepRun::getTitle).collect(Collectors.toList()));
            assertEquals(List.of(TestStatus.PASSED, TestStatus.FAILED, TestStatus.FAILED),
                    declinedSteps.stream().map(StepRun::getStatus).collect(Collectors.toList()));
            StepRun failed = declinedSteps.get(1);
            assertTrue(failed.getError().startsWith("the bank's answer"), failed.getError());
            assertEquals(failed.getError(), declined.getErrorMessage(), "the test fails with the step's exception");
            // The same throwable: JUnit prunes its trace only after the step has reported it.
            assertEquals(firstLines(failed.getMetadataOrThrow("stack_trace")), firstLines(declined.getStackTrace()));
            assertTrue(declined.getStackTrace().contains("CheckoutTest.lambda$isDeclined"), declined.getStackTrace());
            assertTrue(events.stream().anyMatch(e -> e.hasTestFailure()
                    && e.getTestFailure().getTestId().equals(declined.getId())
                    && e.getTestFailure().getFailureMessage().equals(failed.getError())));
        }
    }

    /** How often the listener jar is on the test classpath, as Surefire's report of the fork lists it. */
    private static int listenerJarsOnTestClasspath(Path project) throws Exception {
        Path report;
        try (Stream<Path> files = Files.walk(project.resolve("target/surefire-reports"))) {
            report = files.filter(p -> p.getFileName().toString().startsWith("TEST-")).findFirst().orElseThrow();
        }
        String xml = new String(Files.readAllBytes(report), StandardCharsets.UTF_8);
        Matcher classpath = Pattern.compile("name=\"surefire\\.test\\.class\\.path\" value=\"([^\"]*)\"").matcher(xml);
        assertTrue(classpath.find(), "the report lists the test classpath");
        return (int) Pattern.compile("stanterprise-surefire-listener[^" + Pattern.quote(java.io.File.pathSeparator) + "]*\\.jar")
                .matcher(classpath.group(1)).results().count();
    }

    private static List<String> firstLines(String stackTrace) {
        return stackTrace.lines().limit(3).collect(Collectors.toList());
    }

    private static TestCaseRun testEnd(List<Event> events, String name) {
        return events.stream().filter(Event::hasTestEnd).map(e -> e.getTestEnd().getTestCase())
                .filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no end for test " + name));
    }

    /** The test's step ends, in the order the collector got them. */
    private static List<StepRun> stepEnds(List<Event> events, TestCaseRun test) {
        return events.stream().filter(Event::hasStepEnd).map(e -> e.getStepEnd().getStep())
                .filter(s -> s.getTestCaseId().equals(test.getId())).collect(Collectors.toList());
    }
}
