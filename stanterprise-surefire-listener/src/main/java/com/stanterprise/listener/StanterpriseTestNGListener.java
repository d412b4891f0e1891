package com.stanterprise.listener;

import org.testng.IClassListener;
import org.testng.IConfigurationListener;
import org.testng.ISuite;
import org.testng.ISuiteListener;
import org.testng.ITestClass;
import org.testng.ITestContext;
import org.testng.ITestListener;
import org.testng.ITestResult;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The TestNG listener that the extension names in Surefire's {@code listener} provider
 * property, for the tests that Surefire's own testng provider runs (without the JUnit
 * Platform, which ignores that property before Surefire 3.6, so nothing is reported twice).
 * Only that provider ever loads this class. Reporting begins with a TestNG suite and ends with
 * it; Surefire's testng provider may run one TestNG suite per test class, with a new instance
 * of this listener each time. In a JVM the extension did not start it does nothing; one
 * instance reports at a time. It never throws into TestNG and never writes to stdout or
 * stderr, which Surefire owns.
 */
public final class StanterpriseTestNGListener implements ISuiteListener, ITestListener, IConfigurationListener,
        IClassListener {

    /** Read once per class loader, before Surefire reports any system property. */
    private static final ForkSettings SETTINGS = ForkSettings.ofThisJvm();
    /** The instance that reports the run under way in this class loader. */
    private static final AtomicReference<Object> REPORTING = new AtomicReference<>();

    private final ForkSettings settings;
    private ProviderRun<TestNGEvents> run;
    /** Suites begun and not yet finished: a suite may run other suites (suite-files). */
    private int suitesOpen;

    public StanterpriseTestNGListener() {
        this(SETTINGS);
    }

    StanterpriseTestNGListener(ForkSettings settings) {
        this.settings = settings;
    }

    @Override
    public synchronized void onStart(ISuite suite) {
        suitesOpen++;
        if (settings == null || run != null) {
            return;
        }
        run = ProviderRun.start(REPORTING, this, settings, TestNGEvents::new, translator -> { });
    }

    @Override
    public synchronized void onFinish(ISuite suite) {
        suitesOpen--;
        if (suitesOpen <= 0) {
            suitesOpen = 0;
            stopReporting();
        }
    }

    @Override
    public synchronized void onStart(ITestContext context) {
        // classes begin with onBeforeClass, or their first test
    }

    @Override
    public synchronized void onFinish(ITestContext context) {
        report(translator -> translator.runFinished());
    }

    /** A class's suite begins before its {@code @BeforeClass} methods run. */
    @Override
    public synchronized void onBeforeClass(ITestClass testClass) {
        report(translator -> translator.classStarted(testClass));
    }

    /** A class's suite ends once TestNG is done with it: it may leave a class and come back to it. */
    @Override
    public synchronized void onAfterClass(ITestClass testClass) {
        report(translator -> translator.classFinished(testClass));
    }

    @Override
    public synchronized void onTestStart(ITestResult result) {
        report(translator -> translator.started(result));
    }

    @Override
    public synchronized void onTestSuccess(ITestResult result) {
        report(translator -> translator.passed(result));
    }

    @Override
    public synchronized void onTestFailure(ITestResult result) {
        report(translator -> translator.failed(result));
    }

    @Override
    public synchronized void onTestSkipped(ITestResult result) {
        report(translator -> translator.skipped(result));
    }

    /** Within its success percentage: passed, as TestNG counts it. */
    @Override
    public synchronized void onTestFailedButWithinSuccessPercentage(ITestResult result) {
        report(translator -> translator.passed(result));
    }

    @Override
    public synchronized void onTestFailedWithTimeout(ITestResult result) {
        onTestFailure(result);
    }

    /** A failed configuration method is a failed test of its class, as Surefire's testng provider reports it. */
    @Override
    public synchronized void onConfigurationFailure(ITestResult result) {
        report(translator -> translator.configurationFailed(result));
    }

    /** A skipped configuration method is a skipped test of its class, as Surefire's testng provider reports it. */
    @Override
    public synchronized void onConfigurationSkip(ITestResult result) {
        report(translator -> translator.configurationSkipped(result));
    }

    private void report(Consumer<TestNGEvents> action) {
        if (run != null) {
            run.report(action);
        }
    }

    private void stopReporting() {
        ProviderRun<TestNGEvents> ended = run;
        run = null;
        if (ended != null) {
            ended.stop();
        }
    }
}
