package com.stanterprise.listener;

import org.junit.runner.Description;
import org.junit.runner.Result;
import org.junit.runner.notification.Failure;
import org.junit.runner.notification.RunListener;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The JUnit 4 listener that the extension names in Surefire's {@code listener} provider
 * property, for the tests that Surefire's junit4 and junit47 providers run without the JUnit
 * Platform (which ignores that property, so nothing is reported twice). Only those providers
 * ever load this class. In a JVM the extension did not start it does nothing; one instance
 * reports at a time, should the class be named twice. It never throws into JUnit and never
 * writes to stdout or stderr, which Surefire owns.
 */
public final class StanterpriseJUnit4Listener extends RunListener {

    /** Read once per class loader, before Surefire reports any system property. */
    private static final ForkSettings SETTINGS = ForkSettings.ofThisJvm();
    /** The instance that reports the run under way in this class loader. */
    private static final AtomicReference<StanterpriseJUnit4Listener> REPORTING = new AtomicReference<>();

    private final ForkSettings settings;
    private ForkPipeline pipeline;
    private JUnit4Events events;

    public StanterpriseJUnit4Listener() {
        this(SETTINGS);
    }

    StanterpriseJUnit4Listener(ForkSettings settings) {
        this.settings = settings;
    }

    @Override
    public synchronized void testRunStarted(Description description) {
        if (settings == null) {
            return;
        }
        ForkPipeline started = null;
        try {
            stopReporting();
            if (!REPORTING.compareAndSet(null, this)) {
                return;
            }
            started = ForkPipeline.open(settings);
            JUnit4Events translator = new JUnit4Events(settings.executionKey, started::append, started.output,
                    Attempts.IN_THIS_JVM);
            translator.runStarted(description);
            translator.steps.activate();
            pipeline = started;
            events = translator;
        } catch (Throwable t) {
            if (started != null && pipeline != started) {
                started.runEnded();
            }
            pipeline = null;
            events = null;
            REPORTING.compareAndSet(this, null);
        }
    }

    @Override
    public synchronized void testStarted(Description description) {
        report(translator -> translator.started(description));
    }

    @Override
    public synchronized void testFailure(Failure failure) {
        report(translator -> translator.failed(failure.getDescription(), failure.getException()));
    }

    @Override
    public synchronized void testAssumptionFailure(Failure failure) {
        report(translator -> translator.assumptionFailed(failure.getDescription(), failure.getException()));
    }

    @Override
    public synchronized void testIgnored(Description description) {
        report(translator -> translator.ignored(description));
    }

    @Override
    public synchronized void testFinished(Description description) {
        report(translator -> translator.finished(description));
    }

    @Override
    public synchronized void testRunFinished(Result result) {
        stopReporting();
    }

    /** Reporting must never change a test's outcome: nothing it throws reaches the runner. */
    private void report(java.util.function.Consumer<JUnit4Events> action) {
        JUnit4Events current = events;
        if (current == null) {
            return;
        }
        try {
            action.accept(current);
        } catch (Throwable ignored) {
            // the aggregator closes what this fork left open
        }
    }

    private void stopReporting() {
        JUnit4Events endedEvents = events;
        ForkPipeline endedPipeline = pipeline;
        events = null;
        pipeline = null;
        try {
            if (endedEvents != null) {
                endedEvents.runFinished();
                endedEvents.steps.deactivate();
            }
            if (endedPipeline != null) {
                endedPipeline.runEnded();
            }
        } catch (Throwable ignored) {
            // the aggregator closes what this fork left open
        } finally {
            REPORTING.compareAndSet(this, null);
        }
    }
}
