package com.stanterprise.listener;

import com.stanterprise.testsystem.v1.observer.Event;

/**
 * What carries one test run's events out of the test JVM, whichever test framework produced
 * them: the bounded buffer, its sender thread, the capture of stdout and stderr, and the hook
 * that sends what is left when the JVM exits early. It lives from the run's start to its end,
 * so that a JVM that runs tests in-process (forkCount 0) keeps no thread, socket or hook after.
 */
final class ForkPipeline {

    /** How long the end of a run, or the JVM's exit, may wait for the last batch to go. */
    static final long STOP_TIMEOUT_MS = 10_000;
    /** Every event fits in a fork frame, and so in a message to the collector, with room for the frame's own fields. */
    static final int MAX_EVENT_BYTES = ForkSettings.MAX_FRAME_BYTES - 1024;

    final OutputCapture output;
    private final EventBuffer buffer;
    private final ForkSender sender;
    private final Thread shutdownHook;
    private Steps steps;

    ForkPipeline(ForkSettings settings) {
        buffer = new EventBuffer(settings.bufferBytes, settings.batchSize);
        sender = new ForkSender(buffer, () -> new SocketForkChannel(settings),
                settings.flushIntervalMs, settings.batchSize, ForkSettings.MAX_FRAME_BYTES);
        output = new OutputCapture(this::append, settings.maxOutputBytesPerTest);
        long textsCutBefore = Text.truncations();
        sender.truncations(output::truncatedTests, () -> Text.truncations() - textsCutBefore);
        shutdownHook = new Thread(this::stopQuietly, "stanterprise-fork-exit");
    }

    /** Starts sending, capturing output and taking the steps of the tests that {@code steps} reports. */
    void start(Steps steps) {
        this.steps = steps;
        sender.start();
        output.install();
        steps.activate();
        // A JVM that exits before the run ends (System.exit in a test) still sends what it holds.
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    void append(Event event) {
        buffer.append(Text.fit(event, MAX_EVENT_BYTES));
    }

    void stop() {
        if (steps != null) {
            steps.deactivate();
        }
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
