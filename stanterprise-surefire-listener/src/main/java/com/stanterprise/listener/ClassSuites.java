package com.stanterprise.listener;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The FILE suites of Surefire's JUnit 4 and TestNG providers, whose listeners hear of tests, not
 * of whole classes. A class's suite begins with its first test (with TestNG, when TestNG starts
 * the class). It ends at the end of the run, or before: a JUnit 4 class when the thread that ran
 * it moves on to another class; a TestNG class once TestNG said it finished the class on a thread
 * and that thread moves on (TestNG interleaves classes: a class whose test depends on another
 * class's group is left and resumed, so a thread moving on says nothing). Callers synchronize.
 */
final class ClassSuites {

    /** One test class's open suite. */
    static final class ClassSuite {
        final String className;
        final String id;
        final long startMicros;
        final Attempts.Attempt attempt;
        final String executionId;
        /** Tests of this class that ended, and that are running. */
        int ended;
        int open;
        Thread lastThread;
        /** Its tests ran, or may run, on several threads: it ends only with the run. */
        boolean manyThreads;
        /** TestNG's instances of the class started and not finished (one per factory instance). */
        int instancesRunning;
        /** The thread on which TestNG finished the class's last instance, or null. */
        Thread finishedOn;
        Status worst = Status.PASSED;

        ClassSuite(String executionKey, String className, long startMicros, Attempts.Attempt attempt) {
            this.className = className;
            this.id = Ids.of(executionKey, className);
            this.startMicros = startMicros;
            this.attempt = attempt;
            this.executionId = Ids.of(executionKey, className + "#" + attempt.index);
        }
    }

    private final String executionKey;
    private final Attempts attempts;
    private final Consumer<byte[]> out;
    private final Map<String, ClassSuite> open = new LinkedHashMap<>();
    /** The runner says when it finished a class ({@link #classFinished}): TestNG. */
    private final boolean toldWhenClassesFinish;

    ClassSuites(String executionKey, Attempts attempts, Consumer<byte[]> out, boolean toldWhenClassesFinish) {
        this.executionKey = executionKey;
        this.attempts = attempts;
        this.out = out;
        this.toldWhenClassesFinish = toldWhenClassesFinish;
    }

    /** The class's open suite, or null. */
    ClassSuite get(String className) {
        return open.get(className);
    }

    /** The class's suite, begun now if it is not open; other classes this thread finished end. */
    ClassSuite enter(String className, long now) {
        Thread thread = Thread.currentThread();
        List<ClassSuite> done = new ArrayList<>();
        for (ClassSuite other : open.values()) {
            if (!other.className.equals(className) && other.open == 0 && leftFor(other, thread)) {
                done.add(other);
            }
        }
        for (ClassSuite other : done) {
            end(other, now);
        }
        ClassSuite suite = open.get(className);
        if (suite == null) {
            suite = new ClassSuite(executionKey, className, now, attempts.next(executionKey, className));
            open.put(className, suite);
            out.accept(WireEvents.suiteBegin(now, suite(suite).setStatus(Status.RUNNING)));
        } else if (suite.lastThread != null && suite.lastThread != thread) {
            suite.manyThreads = true;
        }
        suite.lastThread = thread;
        return suite;
    }

    /** This thread moves on to another class: is it done with this suite's class for good? */
    private boolean leftFor(ClassSuite suite, Thread thread) {
        if (toldWhenClassesFinish) {
            return suite.finishedOn == thread;
        }
        return !suite.manyThreads && suite.lastThread == thread;
    }

    /** The runner starts (an instance of) the class on this thread: its suite begins, if it has not. */
    void classStarted(String className, long now) {
        ClassSuite suite = enter(className, now);
        suite.instancesRunning++;
        suite.finishedOn = null;
    }

    /**
     * The runner finished (an instance of) the class on this thread. Once no instance runs, the
     * suite ends when this thread moves on to another class, not now: TestNG runs and reports the
     * class's {@code @AfterClass} methods on this thread after it says so.
     */
    void classFinished(String className) {
        ClassSuite suite = open.get(className);
        if (suite != null && --suite.instancesRunning <= 0) {
            suite.finishedOn = Thread.currentThread();
        }
    }

    void end(ClassSuite suite, long now) {
        if (open.remove(suite.className) == null) {
            return;
        }
        Suite end = suite(suite).setStatus(suite.worst)
                .setEnded(now);
        out.accept(WireEvents.suiteEnd(now, end));
    }

    /** The end of the run: every class with no test running ends; a test that never ended is left to the aggregator. */
    void endIdle(long now) {
        for (ClassSuite suite : new ArrayList<>(open.values())) {
            if (suite.open == 0) {
                end(suite, now);
            }
        }
    }

    private static Suite suite(ClassSuite suite) {
        return new Suite()
                .setId(suite.id)
                .setName(Text.limit(simpleName(suite.className), Text.MAX_MESSAGE_CHARS))
                .setType(Suite.FILE)
                .setParentSuiteId("")
                .setStartTime(suite.startMicros)
                .setLocation(suite.className)
                .setExecutionId(suite.executionId)
                .putMetadata("unique_id", suite.className)
                .putMetadata("class", suite.className);
    }

    static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
