package com.stanterprise.listener;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Turns JUnit Platform execution events into testsystem v1 events: a top-level class is a FILE
 * suite, every container below it (a nested class, a parameterized, repeated or factory method)
 * a SUBSUITE, every test, invocation or dynamic test a test case. Run ids and the PROJECT
 * suite above the classes are the aggregator's to fill in.
 */
final class ExecutionEvents {

    private final String executionKey;
    private final TestPlan plan;
    private final Consumer<byte[]> out;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final OutputCapture output;
    private final Attempts attempts;
    /** The steps of the tests this instance reports, for {@link Stanterprise}. */
    final Steps steps;

    /** What is remembered between a begin and its end. */
    private static final class Running {
        final String id;
        final long startMicros;
        /** Which run of this test in this JVM: a rerun of a failed test is a new attempt. */
        final Attempts.Attempt attempt;
        /** This attempt's own id; the test's id is the same in every attempt. */
        final String executionId;
        volatile Status worst = Status.PASSED;
        /** What the test published while it ran, for its end: JUnit report entries, attachments. */
        final ReportEntries entries = new ReportEntries();
        final Attachments attachments = new Attachments();
        /**
         * A test's case as its begin sent it, for its end: the same name, suite, location, tags
         * and metadata, asked of JUnit's test plan once per test instead of twice.
         */
        TestCase begun;

        Running(String id, long startMicros, Attempts.Attempt attempt, String executionId) {
            this.id = id;
            this.startMicros = startMicros;
            this.attempt = attempt;
            this.executionId = executionId;
        }
    }

    /** Without output capture; attempts are counted by this instance alone (one test plan). */
    ExecutionEvents(String executionKey, TestPlan plan, Consumer<byte[]> out) {
        this(executionKey, plan, out, null, new Attempts());
    }

    /** @param output where a test's stdout and stderr are attributed to it; null: not captured */
    ExecutionEvents(String executionKey, TestPlan plan, Consumer<byte[]> out, OutputCapture output) {
        this(executionKey, plan, out, output, Attempts.IN_THIS_JVM);
    }

    /** @param attempts how often each test ran before, in earlier test plans (Surefire's reruns) */
    ExecutionEvents(String executionKey, TestPlan plan, Consumer<byte[]> out, OutputCapture output, Attempts attempts) {
        this.executionKey = executionKey;
        this.plan = plan;
        this.out = out;
        this.output = output;
        this.attempts = attempts;
        this.steps = new Steps(out);
    }

    private Running begin(TestIdentifier item, long now) {
        return running(item.getUniqueId(), now, attempts.next(executionKey, item.getUniqueId()));
    }

    private Running running(String uniqueId, long startMicros, Attempts.Attempt attempt) {
        return new Running(Ids.of(executionKey, uniqueId), startMicros, attempt,
                Ids.of(executionKey, uniqueId + "#" + attempt.index));
    }

    void started(TestIdentifier item) {
        long now = Times.nowMicros();
        if (isEngine(item)) {
            return;
        }
        Running run = begin(item, now);
        running.put(item.getUniqueId(), run);
        if (item.isTest()) {
            run.begun = testCase(item, run);
            out.accept(WireEvents.testBegin(now, run.begun.setStatus(Status.RUNNING)));
            if (output != null) {
                output.testStarted(run.id, run.attempt.index, run.executionId);
            }
            steps.testStarted(run.id, run.attempt.index, run.executionId, run.attachments);
        } else {
            out.accept(WireEvents.suiteBegin(now, suite(item, run).setStatus(Status.RUNNING)));
        }
    }

    void finished(TestIdentifier item, TestExecutionResult result) {
        long now = Times.nowMicros();
        if (isEngine(item)) {
            return;
        }
        Running run = running.remove(item.getUniqueId());
        if (run == null) {
            run = begin(item, now);
        }
        Throwable thrown = result.getThrowable().orElse(null);
        Status status = status(result);
        if (item.isTest() && output != null) {
            output.testFinished();
        }
        if (item.isTest()) {
            steps.testFinished();
        }
        if (item.isTest()) {
            TestCase testCase = (run.begun != null ? run.begun : testCase(item, run)).setStatus(status);
            ended(testCase, run, now);
            thrown(testCase, run, status, thrown, now);
            if (status == Status.FAILED || status == Status.BROKEN) {
                attempts.failed(executionKey, item.getUniqueId());
            } else if (status == Status.PASSED && run.attempt.earlierFailed) {
                testCase.putMetadata("flaky", "true");
            }
            run.entries.addTo(testCase.getMetadataMap(), testCase::putMetadata);
            testCase.addAllAttachments(run.attachments.list());
            out.accept(WireEvents.testEnd(now, testCase));
            markParents(item, status);
        } else {
            if (thrown != null && (status == Status.FAILED || status == Status.BROKEN)
                    && item.getSource().filter(ClassSource.class::isInstance).isPresent()) {
                classFailed(item, run, status, thrown, now);
            }
            Status worst = status == Status.SKIPPED && run.worst == Status.PASSED
                    ? Status.SKIPPED : worse(status, run.worst);
            Suite suite = suite(item, run).setStatus(worst);
            suite.setEnded(now);
            if (thrown != null) {
                suite.putMetadata("error_message", Text.message(thrown));
                suite.putMetadata("stack_trace", Text.stackTrace(thrown));
            }
            run.entries.addTo(suite.getMetadataMap(), suite::putMetadata);
            out.accept(WireEvents.suiteEnd(now, suite));
            markParents(item, worst);
        }
    }

    /** The failure or error event of a test that threw, and what its end says about it. */
    private void thrown(TestCase testCase, Running run, Status status, Throwable thrown, long now) {
        Outcomes.thrown(out, testCase, status, thrown, now);
    }

    /**
     * A class whose setup or teardown failed (Jupiter's {@code @BeforeAll} or {@code @AfterAll},
     * JUnit 4's {@code @BeforeClass}): Surefire reports it as one test of that class, in error or
     * failed, and does not count the tests that never started. The collector gets the same, a
     * test case for the class inside the class's suite, so that the counts per class match.
     */
    private void classFailed(TestIdentifier item, Running suiteRun, Status status, Throwable thrown, long now) {
        String uniqueId = item.getUniqueId() + "/[class-failure]";
        Running run = running(uniqueId, suiteRun.startMicros, suiteRun.attempt);
        TestCase testCase = testCase(item, run).setTestSuiteId(suiteRun.id)
                .putMetadata("class_failure", "true");
        out.accept(WireEvents.testBegin(now, testCase.copy().setStatus(Status.RUNNING)));
        testCase.setStatus(status);
        ended(testCase, run, now);
        thrown(testCase, run, status, thrown, now);
        out.accept(WireEvents.testEnd(now, testCase));
    }

    /** JUnit's {@code TestReporter.publishEntry}: metadata of the test or container, at its end. */
    void entryPublished(TestIdentifier item, Map<String, String> entries) {
        Running run = running.get(item.getUniqueId());
        if (run != null) {
            run.entries.add(entries);
        }
    }

    /**
     * JUnit's {@code TestReporter.publishFile} (JUnit Platform 1.12 and later): an attachment of
     * the innermost step open in that test, or else of the test. A container has no attachments.
     */
    void filePublished(TestIdentifier item, Path file, String mediaType) {
        Running run = running.get(item.getUniqueId());
        if (run != null && item.isTest()) {
            steps.attach(run.attachments, file, mediaType);
        }
    }

    /**
     * JUnit reports a disabled test or container once, without a start. The collector still
     * gets a begin and an end for it, and for every test a disabled container holds.
     */
    void skipped(TestIdentifier item, String reason) {
        long now = Times.nowMicros();
        if (isEngine(item)) {
            return;
        }
        Running run = begin(item, now);
        String why = Text.limit(reason, Text.MAX_MESSAGE_CHARS);
        if (item.isTest()) {
            TestCase testCase = testCase(item, run).setStatus(Status.RUNNING);
            out.accept(WireEvents.testBegin(now, testCase));
            testCase.setStatus(Status.SKIPPED).setErrorMessage(why).putMetadata("skip_reason", why);
            ended(testCase, run, now);
            out.accept(WireEvents.testEnd(now, testCase));
            return;
        }
        Suite suite = suite(item, run).setStatus(Status.RUNNING);
        out.accept(WireEvents.suiteBegin(now, suite));
        for (TestIdentifier child : plan.getChildren(item)) {
            skipped(child, reason);
        }
        suite.setStatus(Status.SKIPPED).putMetadata("skip_reason", why)
                .setEnded(now, 0);
        out.accept(WireEvents.suiteEnd(now, suite));
    }

    private TestCase testCase(TestIdentifier item, Running run) {
        TestCase testCase = new TestCase()
                .setId(run.id)
                .setName(Text.limit(item.getDisplayName(), Text.MAX_MESSAGE_CHARS))
                .setTestSuiteId(parentSuiteId(item))
                .setStartTime(run.startMicros)
                .setLocation(location(item))
                .setRetryIndex(run.attempt.index)
                .setExecutionId(run.executionId)
                .putMetadata("unique_id", item.getUniqueId());
        for (TestTag tag : item.getTags()) {
            testCase.addTags(tag.getName());
        }
        MethodSource method = methodSource(item);
        if (method != null) {
            testCase.putMetadata("class", method.getClassName());
            testCase.putMetadata("method", method.getMethodName());
        } else {
            String className = className(item);
            if (className != null) {
                testCase.putMetadata("class", className);
            }
        }
        return testCase;
    }

    private static void ended(TestCase testCase, Running run, long now) {
        testCase.setEnded(now);
    }

    private Suite suite(TestIdentifier item, Running run) {
        Suite suite = new Suite()
                .setId(run.id)
                .setName(Text.limit(item.getDisplayName(), Text.MAX_MESSAGE_CHARS))
                .setType(isTopLevelClass(item) ? Suite.FILE : Suite.SUBSUITE)
                .setParentSuiteId(parentSuiteId(item))
                .setStartTime(run.startMicros)
                .setLocation(location(item))
                .setExecutionId(run.executionId)
                .putMetadata("unique_id", item.getUniqueId());
        String className = className(item);
        if (className != null) {
            suite.putMetadata("class", className);
        }
        return suite;
    }

    /** A suite below the engine holds this item; the aggregator fills in the PROJECT suite above. */
    private String parentSuiteId(TestIdentifier item) {
        Optional<TestIdentifier> parent = plan.getParent(item);
        if (!parent.isPresent() || isEngine(parent.get())) {
            return "";
        }
        // The parent began before this item did: its id is at hand, no need to hash it again.
        Running parentRun = running.get(parent.get().getUniqueId());
        return parentRun != null ? parentRun.id : Ids.of(executionKey, parent.get().getUniqueId());
    }

    private void markParents(TestIdentifier item, Status status) {
        if (status != Status.FAILED && status != Status.BROKEN) {
            return;
        }
        Optional<TestIdentifier> parent = plan.getParent(item);
        while (parent.isPresent()) {
            Running run = running.get(parent.get().getUniqueId());
            if (run != null) {
                run.worst = worse(run.worst, status);
            }
            parent = plan.getParent(parent.get());
        }
    }

    private boolean isEngine(TestIdentifier item) {
        return !item.getParentId().isPresent();
    }

    private boolean isTopLevelClass(TestIdentifier item) {
        Optional<TestIdentifier> parent = plan.getParent(item);
        return item.getSource().filter(ClassSource.class::isInstance).isPresent()
                && (!parent.isPresent() || isEngine(parent.get())
                    || !parent.get().getSource().filter(ClassSource.class::isInstance).isPresent());
    }

    /** The nearest method source, of the item or of a container above it (dynamic tests have none). */
    private MethodSource methodSource(TestIdentifier item) {
        Optional<TestIdentifier> current = Optional.of(item);
        while (current.isPresent()) {
            Optional<TestSource> source = current.get().getSource();
            if (source.isPresent() && source.get() instanceof MethodSource) {
                return (MethodSource) source.get();
            }
            current = plan.getParent(current.get());
        }
        return null;
    }

    private String className(TestIdentifier item) {
        Optional<TestIdentifier> current = Optional.of(item);
        while (current.isPresent()) {
            Optional<TestSource> source = current.get().getSource();
            if (source.isPresent() && source.get() instanceof MethodSource) {
                return ((MethodSource) source.get()).getClassName();
            }
            if (source.isPresent() && source.get() instanceof ClassSource) {
                return ((ClassSource) source.get()).getClassName();
            }
            current = plan.getParent(current.get());
        }
        return null;
    }

    private static String location(TestIdentifier item) {
        if (!item.getSource().isPresent()) {
            return "";
        }
        TestSource source = item.getSource().get();
        if (source instanceof MethodSource) {
            MethodSource method = (MethodSource) source;
            return method.getClassName() + "#" + method.getMethodName()
                    + "(" + method.getMethodParameterTypes() + ")";
        }
        if (source instanceof ClassSource) {
            return ((ClassSource) source).getClassName();
        }
        return source.toString();
    }

    static Status status(TestExecutionResult result) {
        switch (result.getStatus()) {
            case SUCCESSFUL:
                return Status.PASSED;
            case ABORTED:
                return Status.SKIPPED;
            default:
                return Outcomes.ofThrown(result.getThrowable().orElse(null));
        }
    }

    private static Status worse(Status a, Status b) {
        return Outcomes.worse(a, b);
    }
}
