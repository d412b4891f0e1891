package com.stanterprise.listener;

import org.junit.runner.Description;
import org.junit.runner.Result;
import org.junit.runner.notification.Failure;
import org.junit.runner.notification.RunListener;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

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
    private static final AtomicReference<Object> REPORTING = new AtomicReference<>();

    private final ForkSettings settings;
    private ProviderRun<JUnit4Events> run;

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
        stopReporting();
        run = ProviderRun.start(REPORTING, this, settings, JUnit4Events::new,
                translator -> translator.runStarted(description));
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

    private void report(Consumer<JUnit4Events> action) {
        if (run != null) {
            run.report(action);
        }
    }

    private void stopReporting() {
        ProviderRun<JUnit4Events> ended = run;
        run = null;
        if (ended != null) {
            ended.stop();
        }
    }
}
