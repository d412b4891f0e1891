package com.stanterprise.listener;

import org.junit.runner.Description;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns JUnit 4 run notifications (Surefire's junit4 and junit47 providers) into testsystem v1
 * events, as {@link ExecutionEvents} does for the JUnit Platform: a test class is a FILE suite,
 * every test method (or parameterized invocation) a test case. JUnit 4 announces no class, so a
 * class's suite begins with its first test and ends once all the tests the run announced for it
 * ended, when the thread that ran it moves on to another class, or at the end of the run.
 * Callers serialize the calls (JUnit wraps a listener that is not {@code @ThreadSafe}).
 */
final class JUnit4Events implements ProviderRun.Translator {

    private final String executionKey;
    private final Consumer<byte[]> out;
    private final OutputCapture output;
    private final Attempts attempts;
    /** The steps of the tests this instance reports, for {@link Stanterprise}. */
    final Steps steps;
    /** Tests announced per class at the run's start; a class not in it ends on a change of class or at the end. */
    private final Map<String, Integer> announced = new HashMap<>();
    private final ClassSuites suites;
    private final Map<Description, Running> running = new HashMap<>();

    /** A JUnit 4 test's attempt and what its end will say: JUnit 4 reports the failure before the end. */
    private static final class Running extends TestAttempt {
        Status status = Status.PASSED;
        Throwable thrown;

        Running(String executionKey, String uniqueId, long startMicros, Attempts.Attempt attempt) {
            super(executionKey, uniqueId, startMicros, attempt);
        }
    }

    /** @param output where a test's stdout and stderr are attributed to it; null: not captured */
    JUnit4Events(String executionKey, Consumer<byte[]> out, OutputCapture output, Attempts attempts) {
        this.executionKey = executionKey;
        this.out = out;
        this.output = output;
        this.attempts = attempts;
        this.suites = new ClassSuites(executionKey, attempts, out, false);
        this.steps = new Steps(out);
    }

    /** The run's description, when the provider knows its tests up front: how many each class has. */
    void runStarted(Description description) {
        if (description != null) {
            count(description);
        }
    }

    private void count(Description description) {
        if (description.isTest()) {
            if (description.getMethodName() != null && description.getClassName() != null) {
                announced.merge(description.getClassName(), 1, Integer::sum);
            }
            return;
        }
        for (Description child : description.getChildren()) {
            count(child);
        }
    }

    void started(Description test) {
        long now = Times.nowMicros();
        begin(test, now);
    }

    private Running begin(Description test, long now) {
        ClassSuites.ClassSuite suite = suites.enter(className(test), now);
        String uniqueId = uniqueId(test);
        Running run = new Running(executionKey, uniqueId, now, attempts.next(executionKey, uniqueId));
        running.put(test, run);
        suite.open++;
        out.accept(WireEvents.testBegin(now, testCase(test, run, suite).setStatus(Status.RUNNING)));
        if (output != null) {
            output.testStarted(run.id, run.attempt.index, run.executionId);
        }
        steps.testStarted(run.id, run.attempt.index, run.executionId, run.attachments);
        return run;
    }

    /** A test failed or broke; a failure without a started test is its class's setup or teardown. */
    void failed(Description test, Throwable thrown) {
        Running run = running.get(test);
        if (run == null) {
            long now = Times.nowMicros();
            if (test.getMethodName() == null && test.getClassName() != null) {
                classFailed(test, thrown, now);
            } else {
                begin(test, now);
                failed(test, thrown);
                finished(test);
            }
            return;
        }
        run.status = Outcomes.worse(run.status, Outcomes.ofThrown(thrown));
        if (run.thrown == null) {
            run.thrown = thrown;
        }
    }

    /** An assumption did not hold: the test is skipped, as Surefire reports it. */
    void assumptionFailed(Description test, Throwable thrown) {
        Running run = running.get(test);
        if (run == null) {
            return;
        }
        if (run.status == Status.PASSED) {
            run.status = Status.SKIPPED;
            run.thrown = thrown;
        }
    }

    void finished(Description test) {
        long now = Times.nowMicros();
        Running run = running.remove(test);
        if (run == null) {
            return;
        }
        if (output != null) {
            output.testFinished();
        }
        steps.testFinished();
        ClassSuites.ClassSuite suite = suites.get(className(test));
        TestCase testCase = testCase(test, run, suite).setStatus(run.status);
        testCase.setEnded(now);
        Outcomes.thrown(out, testCase, run.status, run.thrown, now);
        if (run.status == Status.FAILED || run.status == Status.BROKEN) {
            attempts.failed(executionKey, run.uniqueId);
        } else if (run.status == Status.PASSED && run.attempt.earlierFailed) {
            testCase.putMetadata("flaky", "true");
        }
        testCase.addAllAttachments(run.attachments.list());
        out.accept(WireEvents.testEnd(now, testCase));
        if (suite != null) {
            suite.open--;
            suite.ended++;
            if (run.status == Status.FAILED || run.status == Status.BROKEN) {
                suite.worst = Outcomes.worse(suite.worst, run.status);
            }
            Integer expected = announced.get(suite.className);
            if (expected != null && suite.ended >= expected && suite.open == 0) {
                suites.end(suite, now);
            }
        }
    }

    /** {@code @Ignore}: a begin and an end, SKIPPED; an ignored class is one skipped test, as Surefire counts it. */
    void ignored(Description test) {
        long now = Times.nowMicros();
        Running run = begin(test, now);
        run.status = Status.SKIPPED;
        String why = ignoreReason(test);
        finishedSkipped(test, why);
    }

    private void finishedSkipped(Description test, String why) {
        Running run = running.get(test);
        if (run == null) {
            return;
        }
        run.thrown = null;
        long now = Times.nowMicros();
        running.remove(test);
        if (output != null) {
            output.testFinished();
        }
        steps.testFinished();
        ClassSuites.ClassSuite suite = suites.get(className(test));
        TestCase testCase = testCase(test, run, suite).setStatus(Status.SKIPPED);
        if (why != null) {
            testCase.setErrorMessage(why).putMetadata("skip_reason", why);
        }
        testCase.setEnded(now);
        out.accept(WireEvents.testEnd(now, testCase));
        if (suite != null) {
            suite.open--;
            suite.ended++;
            Integer expected = announced.get(suite.className);
            if (expected != null && suite.ended >= expected && suite.open == 0) {
                suites.end(suite, now);
            }
        }
    }

    /**
     * A class whose {@code @BeforeClass}, {@code @AfterClass} or class rule failed: Surefire
     * reports it as one test of that class in error or failed, and so does the collector.
     */
    private void classFailed(Description test, Throwable thrown, long now) {
        String className = test.getClassName();
        ClassSuites.ClassSuite suite = suites.enter(className, now);
        String uniqueId = className + "/[class-failure]";
        Running run = new Running(executionKey, uniqueId, suite.startMicros, suite.attempt);
        Status status = Outcomes.ofThrown(thrown);
        TestCase testCase = new TestCase()
                .setId(run.id)
                .setName(Text.limit(className, Text.MAX_MESSAGE_CHARS))
                .setTestSuiteId(suite.id)
                .setStartTime(run.startMicros)
                .setLocation(className)
                .setRetryIndex(run.attempt.index)
                .setExecutionId(run.executionId)
                .putMetadata("unique_id", uniqueId)
                .putMetadata("class", className)
                .putMetadata("class_failure", "true");
        out.accept(WireEvents.testBegin(now, testCase.copy().setStatus(Status.RUNNING)));
        testCase.setStatus(status);
        testCase.setEnded(now);
        Outcomes.thrown(out, testCase, status, thrown, now);
        out.accept(WireEvents.testEnd(now, testCase));
        suite.worst = Outcomes.worse(suite.worst, status);
    }

    /** The end of the run: every class still open ends; a test that never ended is left to the aggregator. */
    @Override
    public Steps steps() {
        return steps;
    }

    @Override
    public void runFinished() {
        long now = Times.nowMicros();
        suites.endIdle(now);
    }

    private static TestCase testCase(Description test, Running run, ClassSuites.ClassSuite suite) {
        String className = className(test);
        String method = test.getMethodName();
        TestCase testCase = new TestCase()
                .setId(run.id)
                .setName(Text.limit(method != null ? method : ClassSuites.simpleName(className), Text.MAX_MESSAGE_CHARS))
                .setTestSuiteId(suite != null ? suite.id : "")
                .setStartTime(run.startMicros)
                .setLocation(method != null ? className + "#" + method : className)
                .setRetryIndex(run.attempt.index)
                .setExecutionId(run.executionId)
                .putMetadata("unique_id", run.uniqueId)
                .putMetadata("class", className);
        if (method != null) {
            testCase.putMetadata("method", method);
        }
        return testCase;
    }

    /** Stable across runs: the class and the method (a parameterized invocation's name included). */
    private static String uniqueId(Description test) {
        String method = test.getMethodName();
        return method == null ? className(test) : className(test) + "#" + method;
    }

    private static String className(Description test) {
        String className = test.getClassName();
        return className != null ? className : test.getDisplayName();
    }

    private static String ignoreReason(Description test) {
        org.junit.Ignore ignore = test.getAnnotation(org.junit.Ignore.class);
        if (ignore == null || ignore.value().isEmpty()) {
            return null;
        }
        return Text.limit(ignore.value(), Text.MAX_MESSAGE_CHARS);
    }
}
