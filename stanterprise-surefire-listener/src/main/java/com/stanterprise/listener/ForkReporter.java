package com.stanterprise.listener;

import com.stanterprise.testsystem.v1.observer.Event;
import org.junit.platform.launcher.TestPlan;

/**
 * One test plan's reporting: the buffer, its sender thread and the translation of JUnit events.
 * It lives from the plan's start to its end, so that a JVM that runs tests in-process (forkCount
 * 0) keeps no thread, socket or hook once the plan is over.
 */
final class ForkReporter {

    /** How long the end of a plan, or the JVM's exit, may wait for the last batch to go. */
    static final long STOP_TIMEOUT_MS = 10_000;
    /** Every event fits in a fork frame, and so in a message to the collector, with room for the frame's own fields. */
    static final int MAX_EVENT_BYTES = ForkSettings.MAX_FRAME_BYTES - 1024;

    final ExecutionEvents events;
    private final EventBuffer buffer;
    private final ForkSender sender;
    private final Thread shutdownHook;
    private final OutputCapture output;

    private ForkReporter(ForkSettings settings, TestPlan plan) {
        buffer = new EventBuffer(settings.bufferBytes, settings.batchSize);
        sender = new ForkSender(buffer, () -> new SocketForkChannel(settings),
                settings.flushIntervalMs, settings.batchSize, ForkSettings.MAX_FRAME_BYTES);
        output = new OutputCapture(this::append, settings.maxOutputBytesPerTest);
        events = new ExecutionEvents(settings.executionKey, plan, this::append, output);
        long textsCutBefore = Text.truncations();
        sender.truncations(output::truncatedTests, () -> Text.truncations() - textsCutBefore);
        shutdownHook = new Thread(this::stopQuietly, "stanterprise-fork-exit");
    }

    static ForkReporter start(ForkSettings settings, TestPlan plan) {
        ForkReporter reporter = new ForkReporter(settings, plan);
        reporter.sender.start();
        reporter.output.install();
        reporter.events.steps.activate();
        // A JVM that exits before the plan ends (System.exit in a test) still sends what it holds.
        Runtime.getRuntime().addShutdownHook(reporter.shutdownHook);
        return reporter;
    }

    private void append(Event event) {
        buffer.append(Text.fit(event, MAX_EVENT_BYTES));
    }

    void stop() {
        events.steps.deactivate();
        output.uninstall();
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyExiting) {
            // the hook is running or has run: nothing to remove
        }
    }

    private void stopQuietly() {
        try {
            sender.stop(STOP_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
