package com.stanterprise.listener;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * The JUnit Platform listener that the extension puts on every test classpath (registered through
 * META-INF/services). In a JVM the extension did not start it does nothing: no thread, no
 * socket. It never throws into JUnit and never writes to stdout or stderr, which Surefire owns.
 */
public final class StanterpriseListener implements TestExecutionListener {

    /** Read once per class loader, before Surefire reports any system property. */
    private static final ForkSettings SETTINGS = ForkSettings.ofThisJvm();

    private final ForkSettings settings;
    private volatile ForkReporter reporter;

    public StanterpriseListener() {
        this(SETTINGS);
    }

    StanterpriseListener(ForkSettings settings) {
        this.settings = settings;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        if (settings == null) {
            return;
        }
        try {
            ForkReporter previous = reporter;
            if (previous != null) {
                previous.stop();
            }
            reporter = ForkReporter.start(settings, testPlan);
        } catch (Throwable t) {
            reporter = null;
        }
    }

    @Override
    public void executionStarted(TestIdentifier testIdentifier) {
        ForkReporter current = reporter;
        if (current == null) {
            return;
        }
        try {
            current.events.started(testIdentifier);
        } catch (Throwable ignored) {
            // reporting must never change a test's outcome
        }
    }

    @Override
    public void executionFinished(TestIdentifier testIdentifier, TestExecutionResult testExecutionResult) {
        ForkReporter current = reporter;
        if (current == null) {
            return;
        }
        try {
            current.events.finished(testIdentifier, testExecutionResult);
        } catch (Throwable ignored) {
            // reporting must never change a test's outcome
        }
    }

    @Override
    public void executionSkipped(TestIdentifier testIdentifier, String reason) {
        ForkReporter current = reporter;
        if (current == null) {
            return;
        }
        try {
            current.events.skipped(testIdentifier, reason);
        } catch (Throwable ignored) {
            // reporting must never change a test's outcome
        }
    }

    @Override
    public void reportingEntryPublished(TestIdentifier testIdentifier, ReportEntry entry) {
        ForkReporter current = reporter;
        if (current == null) {
            return;
        }
        try {
            current.events.entryPublished(testIdentifier, entry.getKeyValuePairs());
        } catch (Throwable ignored) {
            // reporting must never change a test's outcome
        }
    }

    /** JUnit Platform 1.12 and later; an older platform never calls it, nor loads {@link FileEntry}. */
    @Override
    public void fileEntryPublished(TestIdentifier testIdentifier, FileEntry file) {
        ForkReporter current = reporter;
        if (current == null) {
            return;
        }
        try {
            current.events.filePublished(testIdentifier, file.getPath(), file.getMediaType().orElse(null));
        } catch (Throwable ignored) {
            // reporting must never change a test's outcome
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        ForkReporter current = reporter;
        reporter = null;
        if (current == null) {
            return;
        }
        try {
            current.stop();
        } catch (Throwable ignored) {
            // the aggregator closes what this fork left open
        }
    }
}
