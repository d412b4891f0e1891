package com.stanterprise.listener;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A run that a listener of Surefire's JUnit 4 or TestNG provider reports: the provider's events
 * translated onto this JVM's pipeline. One listener instance reports at a time per class loader,
 * should the class be named twice. Nothing it does throws into the test framework: reporting must
 * never change a test's outcome, and the aggregator closes what a failed run left open.
 */
final class ProviderRun<E extends ProviderRun.Translator> {

    /** What a provider run needs of its translator ({@link JUnit4Events}, {@link TestNGEvents}). */
    interface Translator {
        Steps steps();

        void runFinished();
    }

    /** The translator's constructor. */
    interface Translators<E> {
        E create(String executionKey, Consumer<byte[]> out, OutputCapture output, Attempts attempts);
    }

    private final AtomicReference<Object> reporting;
    private final Object owner;
    private final ForkPipeline pipeline;
    private final E events;

    private ProviderRun(AtomicReference<Object> reporting, Object owner, ForkPipeline pipeline, E events) {
        this.reporting = reporting;
        this.owner = owner;
        this.pipeline = pipeline;
        this.events = events;
    }

    /**
     * @param reporting the listener class's guard: the instance reporting in this class loader
     * @param first what the run's start tells the translator, before any test
     * @return null when another instance reports, or the start failed
     */
    static <E extends Translator> ProviderRun<E> start(AtomicReference<Object> reporting, Object owner,
            ForkSettings settings, Translators<E> translators, Consumer<E> first) {
        if (!reporting.compareAndSet(null, owner)) {
            return null;
        }
        ForkPipeline pipeline = null;
        try {
            pipeline = ForkPipeline.open(settings);
            E events = translators.create(settings.executionKey, pipeline::append, pipeline.output,
                    Attempts.IN_THIS_JVM);
            first.accept(events);
            events.steps().activate();
            return new ProviderRun<>(reporting, owner, pipeline, events);
        } catch (Throwable t) {
            if (pipeline != null) {
                pipeline.runEnded();
            }
            reporting.compareAndSet(owner, null);
            return null;
        }
    }

    void report(Consumer<E> action) {
        try {
            action.accept(events);
        } catch (Throwable ignored) {
            // the aggregator closes what this fork left open
        }
    }

    void stop() {
        try {
            events.runFinished();
            events.steps().deactivate();
        } catch (Throwable ignored) {
            // the aggregator closes what this fork left open
        } finally {
            try {
                pipeline.runEnded();
            } catch (Throwable ignored) {
                // as above
            }
            reporting.compareAndSet(owner, null);
        }
    }
}
