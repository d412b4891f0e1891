package com.stanterprise.listener;

import org.junit.platform.launcher.TestPlan;

/**
 * One JUnit Platform test plan's reporting: the fork's pipeline and the translation of JUnit
 * events. It lives from the plan's start to its end; the pipeline may outlive it (see
 * {@link ForkPipeline}).
 */
final class ForkReporter {

    /** How long the end of a plan, or the JVM's exit, may wait for the last batch to go. */
    static final long STOP_TIMEOUT_MS = ForkPipeline.STOP_TIMEOUT_MS;
    /** Every event fits in a fork frame, and so in a message to the collector, with room for the frame's own fields. */
    static final int MAX_EVENT_BYTES = ForkPipeline.MAX_EVENT_BYTES;

    final ExecutionEvents events;
    private final ForkPipeline pipeline;

    private ForkReporter(ForkSettings settings, TestPlan plan) {
        pipeline = ForkPipeline.open(settings);
        try {
            events = new ExecutionEvents(settings.executionKey, plan, pipeline::append, pipeline.output);
        } catch (RuntimeException | Error e) {
            pipeline.runEnded();
            throw e;
        }
    }

    static ForkReporter start(ForkSettings settings, TestPlan plan) {
        ForkReporter reporter = new ForkReporter(settings, plan);
        reporter.events.steps.activate();
        return reporter;
    }

    void stop() {
        events.steps.deactivate();
        pipeline.runEnded();
    }
}
