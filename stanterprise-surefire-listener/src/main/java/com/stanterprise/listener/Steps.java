package com.stanterprise.listener;

import com.stanterprise.testsystem.v1.common.TestStatus;
import com.stanterprise.testsystem.v1.entities.StepRun;
import com.stanterprise.testsystem.v1.events.StepBeginEventRequest;
import com.stanterprise.testsystem.v1.events.StepEndEventRequest;
import com.stanterprise.testsystem.v1.observer.Event;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * What {@link Stanterprise} does inside a test plan that reports: it knows which test runs on
 * each thread (from its begin to its end) and turns the steps that test runs into StepBegin and
 * StepEnd events, into the same buffer as the test's own events and in order with them. Steps
 * and attachments of a thread that runs no test are not reported. Unlike a test's events, a
 * step's are built and encoded by the generated classes: only tests that use steps pay for them.
 */
final class Steps {

    /** The steps of the test plan that reports in this class loader; null: none does. */
    static volatile Steps active;

    static final String CATEGORY = "test.step";

    private final Consumer<byte[]> out;
    private final ThreadLocal<TestOnThread> current = new ThreadLocal<>();

    /** The test that runs on one thread, and its steps that are open there, innermost first. */
    private static final class TestOnThread {
        final String testId;
        final int retryIndex;
        final String executionId;
        final Attachments attachments;
        final Deque<OpenStep> open = new ArrayDeque<>();
        int begun;
        boolean ended;
        /** What the last step to fail threw: the steps around it that it passes through do not repeat its trace. */
        Throwable lastThrown;

        TestOnThread(String testId, int retryIndex, String executionId, Attachments attachments) {
            this.testId = testId;
            this.retryIndex = retryIndex;
            this.executionId = executionId;
            this.attachments = attachments;
        }
    }

    private static final class OpenStep {
        final StepRun.Builder step;
        final long startNanos = System.nanoTime();
        final Attachments attachments = new Attachments();

        OpenStep(StepRun.Builder step) {
            this.step = step;
        }
    }

    Steps(Consumer<byte[]> out) {
        this.out = out;
    }

    /** From now on {@link Stanterprise} reports through these steps. */
    void activate() {
        active = this;
    }

    void deactivate() {
        if (active == this) {
            active = null;
        }
    }

    /** The calling thread now runs this attempt of this test; its attachments without a step go to {@code attachments}. */
    void testStarted(String testId, int retryIndex, String executionId, Attachments attachments) {
        current.set(new TestOnThread(testId, retryIndex, executionId, attachments));
    }

    /** Called before the test's end event: a step still open ends here, so that it ends before its test. */
    void testFinished() {
        TestOnThread test = current.get();
        if (test == null) {
            return;
        }
        current.remove();
        while (!test.open.isEmpty()) {
            end(test, test.open.peek(), TestStatus.INTERRUPTED, null);
        }
        test.ended = true;
    }

    <T> T step(String title, Stanterprise.ThrowingSupplier<T> body) throws Throwable {
        TestOnThread test = current.get();
        OpenStep step = test == null ? null : begin(test, title);
        if (step == null) {
            return body.get();
        }
        T result;
        try {
            result = body.get();
        } catch (Throwable thrown) {
            endQuietly(test, step, status(thrown), thrown);
            throw thrown;
        }
        endQuietly(test, step, TestStatus.PASSED, null);
        return result;
    }

    void attach(String name, String mimeType, byte[] content) {
        try {
            TestOnThread test = current.get();
            if (test != null) {
                OpenStep step = test.open.peek();
                (step != null ? step.attachments : test.attachments).add(name, mimeType, content);
            }
        } catch (RuntimeException ignored) {
            // reporting must never change a test's outcome
        }
    }

    /**
     * A file that a test published: it goes to the innermost step open, when that test runs on
     * this thread, or else to the test's own attachments.
     */
    void attach(Attachments ofTest, Path file, String mimeType) {
        try {
            TestOnThread test = current.get();
            OpenStep step = test != null && test.attachments == ofTest ? test.open.peek() : null;
            (step != null ? step.attachments : ofTest).add(file, mimeType);
        } catch (RuntimeException ignored) {
            // reporting must never change a test's outcome
        }
    }

    private OpenStep begin(TestOnThread test, String title) {
        try {
            long now = Times.nowMicros();
            OpenStep parent = test.open.peek();
            StepRun.Builder step = StepRun.newBuilder()
                    .setId(Ids.of(test.executionId, "step " + ++test.begun))
                    .setTestCaseId(test.testId)
                    .setTitle(Text.limit(title, Text.MAX_MESSAGE_CHARS))
                    .setStartTime(Times.timestamp(now))
                    .setParentStepId(parent == null ? "" : parent.step.getId())
                    .setWorkerIndex(Thread.currentThread().getName())
                    .setCategory(CATEGORY)
                    .setRetryIndex(test.retryIndex)
                    .setExecutionId(test.executionId);
            OpenStep open = new OpenStep(step);
            out.accept(event(now).setStepBegin(StepBeginEventRequest.newBuilder()
                    .setStep(step.clone().setStatus(TestStatus.RUNNING))).build().toByteArray());
            test.open.push(open);
            return open;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void endQuietly(TestOnThread test, OpenStep step, TestStatus status, Throwable thrown) {
        try {
            if (!test.ended) {
                end(test, step, status, thrown);
            }
        } catch (RuntimeException ignored) {
            // reporting must never change a test's outcome
        }
    }

    /** Ends {@code step} and, should the body have left any open, the steps inside it first. */
    private void end(TestOnThread test, OpenStep step, TestStatus status, Throwable thrown) {
        if (!test.open.contains(step)) {
            return;
        }
        while (!test.open.isEmpty() && test.open.peek() != step) {
            end(test, test.open.peek(), TestStatus.INTERRUPTED, null);
        }
        test.open.remove(step);
        long now = Times.nowMicros();
        StepRun.Builder end = step.step
                .setStatus(status)
                .setDuration(Times.duration((System.nanoTime() - step.startNanos) / 1000))
                .addAllAttachments(step.attachments.list());
        if (thrown != null) {
            String message = Text.message(thrown);
            end.setError(message).addErrors(message);
            if (thrown != test.lastThrown) {
                end.putMetadata("stack_trace", Text.stackTrace(thrown));
                test.lastThrown = thrown;
            }
        }
        out.accept(event(now).setStepEnd(StepEndEventRequest.newBuilder().setStep(end)).build().toByteArray());
    }

    /** As JUnit decides a test's outcome: an assertion fails, an assumption skips, anything else breaks. */
    static TestStatus status(Throwable thrown) {
        if (thrown instanceof AssertionError) {
            return TestStatus.FAILED;
        }
        for (Class<?> type = thrown.getClass(); type != null; type = type.getSuperclass()) {
            switch (type.getName()) {
                case "org.opentest4j.TestAbortedException":
                case "org.junit.AssumptionViolatedException":
                case "org.junit.internal.AssumptionViolatedException":
                    return TestStatus.SKIPPED;
                default:
                    break;
            }
        }
        return TestStatus.BROKEN;
    }

    private static Event.Builder event(long nowMicros) {
        return Event.newBuilder().setEmittedAt(Times.timestamp(nowMicros));
    }
}
