package com.stanterprise.listener;

import com.stanterprise.testsystem.v1.common.Attachment;
import com.stanterprise.testsystem.v1.common.TestStatus;
import com.stanterprise.testsystem.v1.entities.StepRun;
import com.stanterprise.testsystem.v1.entities.TestCaseRun;
import com.stanterprise.testsystem.v1.observer.Event;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MediaType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static com.stanterprise.listener.Stanterprise.attach;
import static com.stanterprise.listener.Stanterprise.step;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

/**
 * The steps API and JUnit's report entries and files, run through a real JUnit Platform launcher
 * in this JVM (see {@link ExecutionEventsTest} for why the fixtures are nested classes).
 */
class StepsTest {

    private static final String KEY = "com.example:sample:surefire:default-test";
    private static final String FIXTURES = "stanterprise.test.steps";
    private static final byte[] SCREENSHOT = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3};
    /** What a fixture saw; a fixture that fails checks nothing else. */
    static final Map<String, Object> SEEN = Collections.synchronizedMap(new HashMap<>());
    static final AssertionError DECLINED = new AssertionError("the card was declined");

    static final class OnlyInThisLauncher implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(FIXTURES).filter("true"::equals).isPresent()
                    ? ConditionEvaluationResult.enabled("run by StepsTest")
                    : ConditionEvaluationResult.disabled("a fixture of StepsTest");
        }
    }

    @ExtendWith(OnlyInThisLauncher.class)
    static class Checkout {

        @BeforeAll
        static void noTestRunsHereYet() {
            SEEN.put("beforeAll", step("outside any test", () -> "ran anyway"));
        }

        @Test
        void paysTheInvoice() {
            String receipt = step("pay the invoice", () -> {
                step("open the invoice", () -> attach("invoice.png", "image/png", SCREENSHOT));
                return step("confirm the payment", () -> "receipt-42");
            });
            SEEN.put("receipt", receipt);
            attach("receipt.txt", "text/plain", receipt.getBytes(StandardCharsets.UTF_8));
        }

        @Test
        void isDeclined() {
            step("pay the invoice", () -> {
                step("enter the card", () -> { });
                step("see it accepted", () -> {
                    throw DECLINED;
                });
            });
        }

        @Test
        void losesTheDisk() {
            step("read the ledger", () -> {
                throw new IOException("disk gone");
            });
        }

        @Test
        void catchesTheSameException() {
            IllegalStateException thrown = new IllegalStateException("closed");
            try {
                step("close the till", () -> {
                    throw thrown;
                });
            } catch (IllegalStateException caught) {
                SEEN.put("same", caught == thrown);
            }
        }

        @Test
        void skipsInAStep() {
            step("only on Tuesdays", () -> Assumptions.assumeTrue(false, "not Tuesday"));
        }

        @Test
        void stepsOnAnotherThread() throws InterruptedException {
            Thread other = new Thread(() -> step("elsewhere", () -> attach("x", "text/plain", new byte[1])));
            other.start();
            other.join();
        }

        @Test
        void attachesTooMuch() {
            attach("dump.bin", "application/octet-stream", new byte[Attachments.MAX_BYTES + 1]);
            step("fill up", () -> {
                attach("a.bin", "application/octet-stream", new byte[Attachments.MAX_BYTES]);
                attach("b.bin", "application/octet-stream", new byte[Attachments.MAX_BYTES]);
                attach("c.bin", "application/octet-stream", new byte[1]);
            });
        }

        @Test
        void publishes(TestReporter reporter, @TempDir Path dir) throws IOException {
            reporter.publishEntry("invoice", "INV-42");
            reporter.publishEntry("first");
            reporter.publishEntry("second");
            reporter.publishEntry("class", "not the test's class");
            Path page = Files.write(dir.resolve("page.html"), "<p>paid</p>".getBytes(StandardCharsets.UTF_8));
            step("save the page", () -> reporter.publishFile(page, MediaType.create("text", "html")));
            reporter.publishFile("log.txt", MediaType.TEXT_PLAIN_UTF_8,
                    file -> Files.write(file, "paid".getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** Forwards to an {@link ExecutionEvents} per plan whose steps {@link Stanterprise} uses. */
    static final class Forwarding implements TestExecutionListener {
        final List<Event> events = Collections.synchronizedList(new ArrayList<>());
        final List<Throwable> thrown = Collections.synchronizedList(new ArrayList<>());
        volatile ExecutionEvents translator;

        @Override
        public void testPlanExecutionStarted(TestPlan testPlan) {
            translator = new ExecutionEvents(KEY, testPlan, Events.decodingInto(events));
            translator.steps.activate();
        }

        @Override
        public void testPlanExecutionFinished(TestPlan testPlan) {
            translator.steps.deactivate();
        }

        @Override
        public void executionStarted(TestIdentifier item) {
            forward(() -> translator.started(item));
        }

        @Override
        public void executionFinished(TestIdentifier item, TestExecutionResult result) {
            forward(() -> translator.finished(item, result));
        }

        @Override
        public void reportingEntryPublished(TestIdentifier item, ReportEntry entry) {
            forward(() -> translator.entryPublished(item, entry.getKeyValuePairs()));
        }

        @Override
        public void fileEntryPublished(TestIdentifier item, FileEntry file) {
            forward(() -> translator.filePublished(item, file.getPath(), file.getMediaType().orElse(null)));
        }

        private void forward(Runnable call) {
            try {
                call.run();
            } catch (Throwable t) {
                thrown.add(t);
            }
        }
    }

    private static List<Event> run(String method) {
        try {
            Path output = Files.createTempDirectory("stanterprise-steps");
            Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                    .enableTestExecutionListenerAutoRegistration(false).build());
            Forwarding forwarding = new Forwarding();
            launcher.execute(LauncherDiscoveryRequestBuilder.request()
                    .selectors(method == null ? selectClass(Checkout.class) : selectMethod(Checkout.class, declared(method)))
                    .configurationParameter(FIXTURES, "true")
                    .configurationParameter("junit.platform.reporting.output.dir", output.toString())
                    .build(), forwarding);
            assertEquals(Collections.emptyList(), forwarding.thrown, "ExecutionEvents threw");
            assertNull(Steps.active, "the plan's end deactivates its steps");
            return new ArrayList<>(forwarding.events);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.lang.reflect.Method declared(String name) {
        return Arrays.stream(Checkout.class.getDeclaredMethods()).filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no fixture " + name));
    }

    private static TestCaseRun testEnd(List<Event> events, String method) {
        return events.stream().filter(Event::hasTestEnd).map(e -> e.getTestEnd().getTestCase())
                .filter(t -> method.equals(t.getMetadataMap().get("method"))).findFirst()
                .orElseThrow(() -> new AssertionError("no end of " + method));
    }

    private static List<StepRun> stepEnds(List<Event> events, TestCaseRun test) {
        return events.stream().filter(Event::hasStepEnd).map(e -> e.getStepEnd().getStep())
                .filter(s -> s.getTestCaseId().equals(test.getId())).collect(Collectors.toList());
    }

    private static StepRun stepEnd(List<Event> events, TestCaseRun test, String title) {
        return stepEnds(events, test).stream().filter(s -> s.getTitle().equals(title)).findFirst()
                .orElseThrow(() -> new AssertionError("no step " + title));
    }

    private static List<String> names(List<Attachment> attachments) {
        return attachments.stream().map(Attachment::getName).collect(Collectors.toList());
    }

    /** Each step begins after its test and its parent began, ends before they end, once. */
    private static void nestedInOrder(List<Event> events) {
        Map<String, Integer> testBegins = new HashMap<>();
        Map<String, Integer> testEnds = new HashMap<>();
        Map<String, Integer> stepBegins = new HashMap<>();
        Map<String, Integer> stepEnds = new HashMap<>();
        Map<String, StepRun> steps = new HashMap<>();
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            if (event.hasTestBegin()) {
                testBegins.put(event.getTestBegin().getTestCase().getId(), i);
            } else if (event.hasTestEnd()) {
                testEnds.put(event.getTestEnd().getTestCase().getId(), i);
            } else if (event.hasStepBegin()) {
                StepRun step = event.getStepBegin().getStep();
                assertEquals(TestStatus.RUNNING, step.getStatus());
                assertNull(stepBegins.put(step.getId(), i), "one begin per step");
            } else if (event.hasStepEnd()) {
                StepRun step = event.getStepEnd().getStep();
                assertNull(stepEnds.put(step.getId(), i), "one end per step");
                steps.put(step.getId(), step);
            }
        }
        assertEquals(stepBegins.keySet(), stepEnds.keySet(), "every step that begins ends");
        for (StepRun step : steps.values()) {
            int begin = stepBegins.get(step.getId());
            int end = stepEnds.get(step.getId());
            assertTrue(testBegins.get(step.getTestCaseId()) < begin && begin < end
                    && end < testEnds.get(step.getTestCaseId()), "inside its test: " + step.getTitle());
            if (!step.getParentStepId().isEmpty()) {
                StepRun parent = steps.get(step.getParentStepId());
                assertEquals(parent.getTestCaseId(), step.getTestCaseId());
                assertTrue(stepBegins.get(parent.getId()) < begin && end < stepEnds.get(parent.getId()),
                        "inside its parent: " + step.getTitle());
            }
        }
    }

    @Test
    void nestedStepsBeginAndEndInsideTheirTestAndParent() {
        SEEN.clear();
        List<Event> events = run(null);
        nestedInOrder(events);
        assertEquals("ran anyway", SEEN.get("beforeAll"), "a step outside a test runs, unreported");
        assertEquals("receipt-42", SEEN.get("receipt"), "a step returns its body's result");

        TestCaseRun test = testEnd(events, "paysTheInvoice");
        assertEquals(TestStatus.PASSED, test.getStatus());
        StepRun pay = stepEnd(events, test, "pay the invoice");
        StepRun open = stepEnd(events, test, "open the invoice");
        StepRun confirm = stepEnd(events, test, "confirm the payment");
        assertEquals("", pay.getParentStepId());
        assertEquals(pay.getId(), open.getParentStepId());
        assertEquals(pay.getId(), confirm.getParentStepId());
        for (StepRun step : Arrays.asList(pay, open, confirm)) {
            assertEquals(TestStatus.PASSED, step.getStatus());
            assertEquals(test.getExecutionId(), step.getExecutionId());
            assertEquals(Steps.CATEGORY, step.getCategory());
            assertEquals(Thread.currentThread().getName(), step.getWorkerIndex());
            assertTrue(step.hasStartTime() && step.hasDuration());
            assertEquals("", step.getError());
        }
        assertEquals(3, stepEnds(events, test).stream().map(StepRun::getId).distinct().count());
        assertEquals(Collections.singletonList("invoice.png"), names(open.getAttachmentsList()));
        assertEquals("image/png", open.getAttachments(0).getMimeType());
        assertArrayEquals(SCREENSHOT, open.getAttachments(0).getContent().toByteArray());
        assertEquals(Collections.emptyList(), pay.getAttachmentsList());
        assertEquals(Collections.singletonList("receipt.txt"), names(test.getAttachmentsList()));
        assertEquals("receipt-42", test.getAttachments(0).getContent().toStringUtf8());
    }

    @Test
    void stepIdsAreTheSameInEveryRun() {
        List<String> first = stepEnds(run("paysTheInvoice"), testEnd(run("paysTheInvoice"), "paysTheInvoice"))
                .stream().map(StepRun::getId).collect(Collectors.toList());
        List<Event> again = run("paysTheInvoice");
        assertEquals(first, stepEnds(again, testEnd(again, "paysTheInvoice")).stream().map(StepRun::getId)
                .collect(Collectors.toList()));
    }

    @Test
    void aFailingStepFailsAndTheTestFailsWithTheSameException() {
        List<Event> events = run("isDeclined");
        nestedInOrder(events);
        TestCaseRun test = testEnd(events, "isDeclined");
        assertEquals(TestStatus.FAILED, test.getStatus());
        assertEquals("the card was declined", test.getErrorMessage());
        assertTrue(test.getStackTrace().startsWith("java.lang.AssertionError: the card was declined"));

        assertEquals(TestStatus.PASSED, stepEnd(events, test, "enter the card").getStatus());
        StepRun failed = stepEnd(events, test, "see it accepted");
        assertEquals(TestStatus.FAILED, failed.getStatus());
        assertEquals("the card was declined", failed.getError());
        assertEquals(test.getStackTrace(), failed.getMetadataOrThrow("stack_trace"));
        StepRun outer = stepEnd(events, test, "pay the invoice");
        assertEquals(TestStatus.FAILED, outer.getStatus(), "the exception passes through the enclosing step");
        assertEquals("the card was declined", outer.getError());
        assertFalse(outer.containsMetadata("stack_trace"), "the trace once, on the step that threw");
        assertEquals(outer.getId(), failed.getParentStepId());
    }

    @Test
    void aCheckedExceptionPassesUnwrappedAndBreaksStepAndTest() {
        List<Event> events = run("losesTheDisk");
        TestCaseRun test = testEnd(events, "losesTheDisk");
        assertEquals(TestStatus.BROKEN, test.getStatus());
        assertTrue(test.getStackTrace().startsWith("java.io.IOException: disk gone"), test.getStackTrace());
        StepRun step = stepEnd(events, test, "read the ledger");
        assertEquals(TestStatus.BROKEN, step.getStatus());
        assertEquals("disk gone", step.getError());

        SEEN.clear();
        assertEquals(TestStatus.PASSED, testEnd(run("catchesTheSameException"), "catchesTheSameException").getStatus());
        assertEquals(true, SEEN.get("same"), "the step rethrows the very exception its body threw");
    }

    @Test
    void anAssumptionInAStepSkipsStepAndTest() {
        List<Event> events = run("skipsInAStep");
        TestCaseRun test = testEnd(events, "skipsInAStep");
        assertEquals(TestStatus.SKIPPED, test.getStatus());
        assertEquals(TestStatus.SKIPPED, stepEnd(events, test, "only on Tuesdays").getStatus());
    }

    @Test
    void aThreadThatRunsNoTestReportsNoSteps() {
        List<Event> events = run("stepsOnAnotherThread");
        TestCaseRun test = testEnd(events, "stepsOnAnotherThread");
        assertEquals(TestStatus.PASSED, test.getStatus());
        assertTrue(events.stream().noneMatch(e -> e.hasStepBegin() || e.hasStepEnd()));
        assertEquals(0, test.getAttachmentsCount());
    }

    @Test
    void whatDoesNotFitArrivesAsAMarker() {
        List<Event> events = run("attachesTooMuch");
        TestCaseRun test = testEnd(events, "attachesTooMuch");
        assertEquals(Collections.singletonList("dump.bin (too large: " + (Attachments.MAX_BYTES + 1) + " bytes)"),
                names(test.getAttachmentsList()));
        assertTrue(test.getAttachments(0).getContent().isEmpty());
        StepRun step = stepEnd(events, test, "fill up");
        assertEquals(Arrays.asList("a.bin", "b.bin", "c.bin (too large: 1 bytes)"), names(step.getAttachmentsList()),
                "at most " + Attachments.MAX_TOTAL_BYTES + " bytes per step");
        assertEquals(Attachments.MAX_BYTES, step.getAttachments(1).getContent().size());
    }

    @Test
    void reportEntriesAreMetadataAndPublishedFilesAttachments() {
        List<Event> events = run("publishes");
        TestCaseRun test = testEnd(events, "publishes");
        assertEquals(TestStatus.PASSED, test.getStatus(), test.getStackTrace());
        assertEquals("INV-42", test.getMetadataOrThrow("invoice"));
        assertEquals("first\nsecond", test.getMetadataOrThrow("value"), "a repeated key keeps every value");
        assertEquals(Checkout.class.getName(), test.getMetadataOrThrow("class"), "the listener's keys stay");
        assertEquals("not the test's class", test.getMetadataOrThrow("entry.class"));

        StepRun save = stepEnd(events, test, "save the page");
        assertEquals(Collections.singletonList("page.html"), names(save.getAttachmentsList()));
        assertEquals("text/html", save.getAttachments(0).getMimeType());
        assertEquals("<p>paid</p>", save.getAttachments(0).getContent().toStringUtf8());
        assertEquals(Collections.singletonList("log.txt"), names(test.getAttachmentsList()));
        assertEquals("text/plain; charset=UTF-8", test.getAttachments(0).getMimeType());
        assertEquals("paid", test.getAttachments(0).getContent().toStringUtf8());
    }

    @Test
    void withoutAReportingPlanAStepOnlyRunsItsBody() throws Exception {
        assertNull(Steps.active);
        assertEquals("done", step("unreported", () -> "done"));
        AtomicReference<String> ran = new AtomicReference<>();
        step("unreported", () -> ran.set("ran"));
        assertEquals("ran", ran.get());
        attach("ignored", "text/plain", new byte[] {1});

        IOException checked = new IOException("checked");
        IOException caught = assertThrows(IOException.class, () -> step("unreported", () -> {
            throw checked;
        }));
        assertSame(checked, caught);
        Assertions.assertDoesNotThrow(() -> attach(null, null, null));
    }

    @Test
    void entriesAreBoundedAndSayWhatTheyDropped() {
        ReportEntries entries = new ReportEntries();
        char[] big = new char[ReportEntries.MAX_CHARS / 2];
        Arrays.fill(big, 'x');
        entries.add(Collections.singletonMap("a", new String(big)));
        entries.add(Collections.singletonMap("b", new String(big)));
        entries.add(Collections.singletonMap("c", "too late"));
        Map<String, String> metadata = new HashMap<>();
        entries.addTo(metadata, metadata::put);
        assertEquals(big.length, metadata.get("a").length());
        assertTrue(metadata.get("b").length() < big.length + 100, "cut to what is left, with a marker");
        assertTrue(metadata.get("b").contains("truncated by stanterprise"));
        assertEquals(null, metadata.get("c"));
        assertEquals("1", metadata.get(ReportEntries.DROPPED));
    }
}
