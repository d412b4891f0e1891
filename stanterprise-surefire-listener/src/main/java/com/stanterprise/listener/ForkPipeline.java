package com.stanterprise.listener;

/**
 * What carries test runs' events out of the test JVM, whichever test framework produced them:
 * the bounded buffer, its sender thread and its one connection, the capture of stdout and
 * stderr, and the hook that sends what is left when the JVM exits. A forked JVM keeps it from
 * one run to the next (Surefire runs one test class per run when it hands classes out one at a
 * time) and ends it when it exits; in the Maven JVM itself (forkCount 0) it ends with the run,
 * so that the Maven JVM keeps no thread, socket or hook after.
 */
final class ForkPipeline {

    /** How long the end of a run, or the JVM's exit, may wait for the last batch to go. */
    static final long STOP_TIMEOUT_MS = 10_000;
    /** Every event fits in a fork frame, and so in a message to the collector, with room for the frame's own fields. */
    static final int MAX_EVENT_BYTES = ForkSettings.MAX_FRAME_BYTES - 1024;

    /** This class loader's pipeline, while a run uses it or, in a forked JVM, until the JVM exits. */
    private static ForkPipeline current;
    /** Runs under way on {@link #current}. */
    private static int runs;

    final OutputCapture output;
    private final ForkSettings settings;
    private final EventBuffer buffer;
    private final ForkSender sender;
    private final Thread shutdownHook;

    private ForkPipeline(ForkSettings settings) {
        this.settings = settings;
        buffer = new EventBuffer(settings.bufferBytes, settings.batchSize);
        sender = new ForkSender(buffer, () -> new SocketForkChannel(settings),
                settings.flushIntervalMs, settings.batchSize, ForkSettings.MAX_FRAME_BYTES);
        output = new OutputCapture(this::append, settings.maxOutputBytesPerTest);
        long textsCutBefore = Text.truncations();
        sender.truncations(output::truncatedTests, () -> Text.truncations() - textsCutBefore);
        shutdownHook = new Thread(this::stopQuietly, "stanterprise-fork-exit");
    }

    /** The pipeline for a run that starts: this JVM's, started with its first run. */
    static synchronized ForkPipeline open(ForkSettings settings) {
        if (current == null) {
            ForkPipeline started = new ForkPipeline(settings);
            started.sender.start();
            started.output.install();
            // A JVM that exits before the run ends (System.exit in a test) still sends what it holds.
            Runtime.getRuntime().addShutdownHook(started.shutdownHook);
            current = started;
        }
        runs++;
        return current;
    }

    void append(byte[] event) {
        // Checked here, so that the generated classes OversizedEvent uses load only for an event that needs them.
        buffer.append(event.length <= MAX_EVENT_BYTES ? event : OversizedEvent.fit(event, MAX_EVENT_BYTES));
    }

    /**
     * A run that used this pipeline ended. Its last events go now. The last run in the Maven
     * JVM stops the pipeline, waiting for what it holds to go; a forked JVM keeps it for its
     * next run, and its exit sends the rest and says goodbye.
     */
    void runEnded() {
        boolean stop;
        synchronized (ForkPipeline.class) {
            runs--;
            stop = runs == 0 && !settings.forked && current == this;
            if (stop) {
                current = null;
            }
        }
        if (!stop) {
            sender.wake();
            return;
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
