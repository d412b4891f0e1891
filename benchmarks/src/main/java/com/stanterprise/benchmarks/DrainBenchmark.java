package com.stanterprise.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The end of a build: how long {@code BuildReporting.finish(true)} takes, from the last fork's
 * goodbye (the last test's end) to its return, when the collector is slow and much is still
 * queued. Simulated forks ({@link SimulatedBuild}) send {@code events} events as fast as they can;
 * the collector ({@link CollectorProcess}, batch service) answers every call after {@code latency}
 * ms, so the exporter falls behind. Per row: what was still to deliver at the last goodbye
 * (events of the run minus what the collector had applied), the drain time, and where the events
 * ended: applied, spooled (shutdownTimeoutMs ran out) or lost.
 *
 * <pre>
 * mvn -B -q -o -Pbenchmarks -pl benchmarks exec:exec -Dbenchmark.main=com.stanterprise.benchmarks.DrainBenchmark
 * </pre>
 * Options: {@code events} [100000], {@code forks} [2], {@code latencies} in ms [0,5,20], and any
 * {@code stanterprise.*} parameter (defaults otherwise: batchSize 1000, shutdownTimeoutMs 10000).
 */
public final class DrainBenchmark {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args);
        Map<String, String> properties = new java.util.LinkedHashMap<>();
        options.forEach((name, value) -> {
            if (name.startsWith("stanterprise.")) {
                properties.put(name, value);
            }
        });
        long events = Long.parseLong(options.getOrDefault("events", "100000"));
        int forks = Integer.parseInt(options.getOrDefault("forks", "2"));
        System.out.printf(Locale.ROOT, "drain: %d events from %d forks; Java %s, %d CPUs; %s%n%n", events, forks,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), properties);
        System.out.printf(Locale.ROOT, "%7s %9s %9s %10s %9s %9s %7s %7s %5s%n",
                "latency", "run evts", "queued", "drain ms", "applied", "spooled", "lost", "calls", "load");
        for (String latency : options.getOrDefault("latencies", "0,5,20").split(",")) {
            try (CollectorProcess.Handle collector = new CollectorProcess.Handle("batch");
                 SimulatedBuild build = new SimulatedBuild(collector.endpoint(), properties)) {
                collector.latency(Long.parseLong(latency.trim()));
                AtomicLong lastGoodbye = new AtomicLong();
                List<Thread> threads = build.startForks(forks, events, lastGoodbye);
                for (Thread thread : threads) {
                    thread.join();
                }
                long appliedAtEnd = collector.count()[0];
                build.reporting.executionEnded(SimulatedBuild.EXECUTION, true);
                build.reporting.finish(true);
                long drainNanos = System.nanoTime() - lastGoodbye.get();
                long[] count = collector.count();
                long runEvents = build.summaryNumber("events");
                System.out.printf(Locale.ROOT, "%4s ms %9d %9d %10.0f %9d %9d %7d %7d %5s%n", latency.trim(), runEvents,
                        runEvents - appliedAtEnd, drainNanos / 1e6, count[0], build.summaryNumber("spooled"),
                        build.summaryNumber("lost"), count[1] + count[2], SimulatedBuild.loadAverage());
                System.out.println("  " + build.summary());
                build.notes().forEach(note -> System.out.println("  " + note));
            }
        }
    }
}
