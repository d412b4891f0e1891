package com.stanterprise.listener;

import org.testng.ITestClass;
import org.testng.ITestNGMethod;
import org.testng.ITestResult;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns TestNG test results (Surefire's testng provider) into testsystem v1 events, as
 * {@link JUnit4Events} does for JUnit 4: a test class is a FILE suite, every test method
 * invocation a test case: each data-provider row, and each invocation of a method with an
 * {@code invocationCount}, a test of its own, named as Surefire's testng provider names it; a
 * retry by the method's {@code IRetryAnalyzer} another attempt of the test it retries.
 * A class's suite begins when TestNG starts the class, or with its first test, and ends once
 * TestNG finished the class and the thread that finished it moves on to another class, or at
 * the end of the run: never while a test of it may still come. A test that TestNG skips
 * without starting it (its dependency failed, its class's configuration failed) gets a begin
 * and an end. Callers serialize the calls.
 */
final class TestNGEvents implements ProviderRun.Translator {

    private final String executionKey;
    private final Consumer<byte[]> out;
    private final OutputCapture output;
    private final Attempts attempts;
    /** The steps of the tests this instance reports, for {@link Stanterprise}. */
    final Steps steps;
    private final ClassSuites suites;
    private final Map<ITestResult, Running> running = new IdentityHashMap<>();
    /** The unique ids of the configuration methods reported as tests, while they are reported. */
    private final Map<ITestResult, String> configurations = new IdentityHashMap<>();
    /** How often each configuration method was reported as a test in this run. */
    private final Map<String, Integer> configurationCounts = new HashMap<>();
    /** How often each test method (of each factory instance) was invoked in this run, retries aside. */
    private final Map<String, Integer> invocations = new HashMap<>();
    /** How often each data-provider row (or method without one) was invoked in this run, retries aside. */
    private final Map<String, Integer> rowInvocations = new HashMap<>();
    /**
     * The attempts that TestNG retries, by row, until the retry begins: it is another attempt of
     * the same test, with the same id and name. TestNG retries on the thread of the attempt, right
     * after it.
     */
    private final Map<String, Running> retried = new HashMap<>();

    /** A TestNG test's attempt, and its name, which holds the invocation it is. */
    private static final class Running extends TestAttempt {
        final String name;

        Running(String executionKey, String uniqueId, long startMicros, Attempts.Attempt attempt, String name) {
            super(executionKey, uniqueId, startMicros, attempt);
            this.name = name;
        }
    }

    /** @param output where a test's stdout and stderr are attributed to it; null: not captured */
    TestNGEvents(String executionKey, Consumer<byte[]> out, OutputCapture output, Attempts attempts) {
        this.executionKey = executionKey;
        this.out = out;
        this.output = output;
        this.attempts = attempts;
        this.suites = new ClassSuites(executionKey, attempts, out, true);
        this.steps = new Steps(out);
    }

    void started(ITestResult result) {
        if (!running.containsKey(result)) {
            begin(result, Times.nowMicros());
        }
    }

    private void begin(ITestResult result, long now) {
        ClassSuites.ClassSuite suite = suites.enter(className(result), now);
        Running run = attempt(result, now);
        running.put(result, run);
        suite.open++;
        out.accept(WireEvents.testBegin(now, testCase(result, run, suite).setStatus(Status.RUNNING)));
        if (output != null) {
            output.testStarted(run.id, run.attempt.index, run.executionId);
        }
        steps.testStarted(run.id, run.attempt.index, run.executionId, run.attachments);
    }

    /**
     * The attempt that begins: of a configuration method; another of the test TestNG retries,
     * under its id and name; or the first of an invocation.
     */
    private Running attempt(ITestResult result, long now) {
        String configuration = configurations.get(result);
        if (configuration != null) {
            int count = configurationCounts.get(configurationKey(result));
            return attempt(configuration, now, name(methodName(result), parameters(result), count, false));
        }
        String row = rowKey(result);
        Running retriedAttempt = retried.remove(row);
        if (retriedAttempt != null) {
            return attempt(retriedAttempt.uniqueId, now, retriedAttempt.name);
        }
        boolean severalInvocations = invocationCount(result) > 1;
        String uniqueId = severalInvocations ? row + "@invocation-" + rowInvocations.merge(row, 1, Integer::sum) : row;
        int invocation = invocations.merge(methodKey(result), 1, Integer::sum);
        return attempt(uniqueId, now, name(methodName(result), parameters(result), invocation, severalInvocations));
    }

    private Running attempt(String uniqueId, long now, String name) {
        return new Running(executionKey, uniqueId, now, attempts.next(executionKey, uniqueId), name);
    }

    void passed(ITestResult result) {
        finished(result, Status.PASSED, null, null);
    }

    /** A failed assertion is FAILED, anything else thrown BROKEN. */
    void failed(ITestResult result) {
        Throwable thrown = result.getThrowable();
        finished(result, thrown == null ? Status.FAILED : Outcomes.ofThrown(thrown), thrown, null);
    }

    void skipped(ITestResult result) {
        finished(result, Status.SKIPPED, null, skipReason(result));
    }

    /**
     * A configuration method ({@code @BeforeClass}, {@code @BeforeMethod} ...) that failed:
     * Surefire's testng provider reports it as a failed test of its class, and so does the
     * collector, its tests then skipped.
     */
    void configurationFailed(ITestResult result) {
        configuration(result);
        failed(result);
    }

    /** A configuration method skipped (one it depends on failed): a skipped test, as Surefire reports it. */
    void configurationSkipped(ITestResult result) {
        configuration(result);
        skipped(result);
    }

    private void configuration(ITestResult result) {
        String base = configurationKey(result);
        int count = configurationCounts.merge(base, 1, Integer::sum);
        configurations.put(result, count == 1 ? base : base + "-" + count);
    }

    private static String configurationKey(ITestResult result) {
        return className(result) + "#" + methodName(result) + "@configuration";
    }

    private void finished(ITestResult result, Status status, Throwable thrown, String skipReason) {
        long now = Times.nowMicros();
        Running run = running.remove(result);
        if (run == null) {
            begin(result, now);
            run = running.remove(result);
        }
        if (output != null) {
            output.testFinished();
        }
        steps.testFinished();
        ClassSuites.ClassSuite suite = suites.get(className(result));
        TestCase testCase = testCase(result, run, suite).setStatus(status);
        testCase.setEnded(now);
        if (status == Status.SKIPPED) {
            if (skipReason != null) {
                testCase.setErrorMessage(skipReason).putMetadata("skip_reason", skipReason);
            }
        } else {
            Outcomes.thrown(out, testCase, status, thrown, now);
        }
        if (status == Status.SKIPPED && wasRetried(result) && !configurations.containsKey(result)) {
            retried.put(rowKey(result), run);
        }
        if (status == Status.FAILED || status == Status.BROKEN) {
            attempts.failed(executionKey, run.uniqueId);
        } else if (status == Status.PASSED && run.attempt.earlierFailed) {
            testCase.putMetadata("flaky", "true");
        }
        testCase.addAllAttachments(run.attachments.list());
        out.accept(WireEvents.testEnd(now, testCase));
        configurations.remove(result);
        if (suite != null) {
            suite.open--;
            if (status == Status.FAILED || status == Status.BROKEN) {
                suite.worst = Outcomes.worse(suite.worst, status);
            }
        }
    }

    /** TestNG starts (an instance of) the class, before its {@code @BeforeClass} methods. */
    void classStarted(ITestClass testClass) {
        suites.classStarted(testClass.getName(), Times.nowMicros());
    }

    /**
     * TestNG finished (an instance of) the class: all its tests ran, on whatever threads. Only
     * the class's {@code @AfterClass} methods may follow, on this thread.
     */
    void classFinished(ITestClass testClass) {
        suites.classFinished(testClass.getName());
    }

    /** The end of a run: every class with no test running ends; a test that never ended is left to the aggregator. */
    @Override
    public Steps steps() {
        return steps;
    }

    @Override
    public void runFinished() {
        long now = Times.nowMicros();
        suites.endIdle(now);
    }

    private TestCase testCase(ITestResult result, Running run, ClassSuites.ClassSuite suite) {
        String className = className(result);
        String method = methodName(result);
        TestCase testCase = new TestCase()
                .setId(run.id)
                .setName(Text.limit(run.name, Text.MAX_MESSAGE_CHARS))
                .setTestSuiteId(suite != null ? suite.id : "")
                .setStartTime(run.startMicros)
                .setLocation(className + "#" + method)
                .setRetryIndex(run.attempt.index)
                .setExecutionId(run.executionId)
                .putMetadata("unique_id", run.uniqueId)
                .putMetadata("class", className)
                .putMetadata("method", method);
        if (configurations.containsKey(result)) {
            testCase.putMetadata("configuration", "true");
        }
        Object[] parameters = parameters(result);
        if (parameters.length > 0) {
            testCase.putMetadata("parameters", Text.limit(join(parameters), Text.MAX_MESSAGE_CHARS));
        }
        return testCase;
    }

    /**
     * The class, the factory instance's parameters, the method and the data-provider row: with
     * the invocation of a method with an {@code invocationCount}, a test's id, stable across runs.
     */
    private static String rowKey(ITestResult result) {
        String method = methodKey(result);
        return parameters(result).length > 0 ? method + "[" + parameterIndex(result) + "]" : method;
    }

    /** The class, the factory instance's parameters and the method. */
    private static String methodKey(ITestResult result) {
        StringBuilder id = new StringBuilder(className(result));
        Object[] factory = factoryParameters(result);
        if (factory.length > 0) {
            id.append('(').append(join(factory)).append(')');
        }
        return id.append('#').append(methodName(result)).toString();
    }

    /**
     * {@code method}, or with parameters {@code method[parameters](invocation)}, the invocation of
     * the method counted from 1: the name Surefire's testng provider gives the testcase in its
     * report (with {@code Arrays.toString} of the parameters, and TestNG's count of the method's
     * invocations, which counts retries too). The invocations of a method with an
     * {@code invocationCount} and no parameters, all named {@code method} there, are
     * {@code method(invocation)} here, to tell them apart.
     */
    private static String name(String method, Object[] parameters, int invocation, boolean severalInvocations) {
        if (parameters.length > 0) {
            return method + "[" + join(parameters) + "](" + invocation + ")";
        }
        return severalInvocations ? method + "(" + invocation + ")" : method;
    }

    private static int invocationCount(ITestResult result) {
        ITestNGMethod method = result.getMethod();
        return method != null ? method.getInvocationCount() : 1;
    }

    /** TestNG 7 marks the attempt it retries, which it reports skipped; TestNG 6 does not say. */
    private static boolean wasRetried(ITestResult result) {
        try {
            return result.wasRetried();
        } catch (Throwable older) {
            return false;
        }
    }

    private static String className(ITestResult result) {
        if (result.getTestClass() != null && result.getTestClass().getName() != null) {
            return result.getTestClass().getName();
        }
        ITestNGMethod method = result.getMethod();
        if (method != null && method.getRealClass() != null) {
            return method.getRealClass().getName();
        }
        return "?";
    }

    private static String methodName(ITestResult result) {
        ITestNGMethod method = result.getMethod();
        if (method != null && method.getMethodName() != null) {
            return method.getMethodName();
        }
        String name = result.getName();
        return name != null ? name : "?";
    }

    private static Object[] parameters(ITestResult result) {
        Object[] parameters = result.getParameters();
        return parameters != null ? parameters : new Object[0];
    }

    private static Object[] factoryParameters(ITestResult result) {
        try {
            Object[] parameters = result.getFactoryParameters();
            return parameters != null ? parameters : new Object[0];
        } catch (Throwable older) {
            return new Object[0];
        }
    }

    /** The data-provider row (TestNG 7); without it, the method's invocation count so far. */
    private static int parameterIndex(ITestResult result) {
        try {
            return result.getParameterIndex();
        } catch (Throwable older) {
            ITestNGMethod method = result.getMethod();
            return method != null ? Math.max(0, method.getCurrentInvocationCount() - 1) : 0;
        }
    }

    private static String join(Object[] values) {
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                joined.append(", ");
            }
            joined.append(valueOf(values[i]));
            if (joined.length() > Text.MAX_MESSAGE_CHARS) {
                break;
            }
        }
        return joined.toString();
    }

    private static String valueOf(Object value) {
        if (value instanceof Object[]) {
            return java.util.Arrays.deepToString((Object[]) value);
        }
        try {
            return String.valueOf(value);
        } catch (Throwable badToString) {
            return value.getClass().getName();
        }
    }

    /** The SkipException's message, or the methods whose failure skipped this one. */
    private static String skipReason(ITestResult result) {
        Throwable thrown = result.getThrowable();
        if (thrown != null) {
            return Text.limit(Text.message(thrown), Text.MAX_MESSAGE_CHARS);
        }
        try {
            List<ITestNGMethod> causes = result.getSkipCausedBy();
            if (causes != null && !causes.isEmpty()) {
                StringBuilder why = new StringBuilder("skipped because of ");
                for (int i = 0; i < causes.size(); i++) {
                    if (i > 0) {
                        why.append(", ");
                    }
                    ITestNGMethod cause = causes.get(i);
                    why.append(cause.getRealClass() != null ? cause.getRealClass().getSimpleName() + "." : "")
                            .append(cause.getMethodName());
                }
                return Text.limit(why.toString(), Text.MAX_MESSAGE_CHARS);
            }
        } catch (Throwable older) {
            // TestNG before 7 does not say
        }
        return null;
    }

}
