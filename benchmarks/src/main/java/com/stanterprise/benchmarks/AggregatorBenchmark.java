package com.stanterprise.benchmarks;

import com.stanterprise.maven.BuildReporting;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Events per second from N simulated forks through the real fork channel, the aggregator
 * ({@code Run}), the exporter and delivery of a real {@link BuildReporting}, to a
 * {@code TestCollector} on loopback (in a JVM of its own, {@link CollectorProcess}): with the batch
 * service ({@code TestCollector.start()}), and without it (observer mode: the v1 fallback, one call
 * per event). Per row: events the forks sent and the collector applied, calls that reached the
 * collector, wall time from the first fork's connect to the end of {@code finish(true)}, and the
 * Maven side's heap (largest in use, sampled every 10 ms, and largest left live after a GC), the
 * Maven side's CPU per event (this JVM's CPU time minus the simulated forks' threads; GC of what
 * the forks allocate stays in), the simulated forks' threads' CPU and the collector process's CPU
 * per event (they share the machine's CPUs with the Maven side), and the machine's load average
 * when the row ended.
 * The forks are {@link SimulatedBuild}'s: they send as fast as loopback takes it, far faster
 * than tests run, so this is the most the pipeline takes, not what a build asks of it.
 *
 * <pre>
 * mvn -B -q -o -Pbenchmarks install -DskipTests
 * mvn -B -q -o -Pbenchmarks -pl benchmarks exec:exec -Dbenchmark.main=com.stanterprise.benchmarks.AggregatorBenchmark \
 *     -Dbenchmark.jvmArgs=-Xmx1g
 * </pre>
 * Options ({@code -Dbenchmark.args}): {@code rows} as events:forks [1200:1,100000:4,1000000:4],
 * {@code collectors} [batch,observer], {@code observerMax} the largest row run against the
 * observer [1000000], and any {@code stanterprise.*} parameter, passed on as a user property
 * (shutdownTimeoutMs is 600000 unless given, so that the whole run is delivered).
 */
public final class AggregatorBenchmark {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args);
        Map<String, String> properties = new java.util.LinkedHashMap<>();
        properties.put("stanterprise.shutdownTimeoutMs", "600000");
        options.forEach((name, value) -> {
            if (name.startsWith("stanterprise.")) {
                properties.put(name, value);
            }
        });
        String[] rows = options.getOrDefault("rows", "1200:1,100000:4,1000000:4").split(",");
        String[] collectors = options.getOrDefault("collectors", "batch,observer").split(",");
        long observerMax = Long.parseLong(options.getOrDefault("observerMax", "1000000"));
        System.out.printf(Locale.ROOT, "aggregator and exporter: Java %s, %d CPUs, max heap %d MB, %s%n"
                        + "forks send FILE suites of %d tests, each begin, %d stdout, end; frames of %d events%n%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, properties, SimulatedBuild.TESTS_PER_CLASS,
                SimulatedBuild.OUTPUTS_PER_TEST, SimulatedBuild.FRAME_EVENTS);
        System.out.printf(Locale.ROOT, "%-9s %5s %9s %9s %9s %8s %8s %10s %10s %8s %7s %9s %9s %9s %9s %9s %5s%n",
                "collector", "forks", "asked", "run evts", "applied", "calls", "wall s", "events/s", "intake/s",
                "spooled", "lost", "heap MB", "live MB", "cpu us/ev", "forks us", "coll. us", "load");
        for (String collectorMode : collectors) {
            for (String row : rows) {
                long events = Long.parseLong(row.split(":")[0]);
                int forks = Integer.parseInt(row.split(":")[1]);
                if (collectorMode.equals("observer") && events > observerMax) {
                    continue;
                }
                measure(collectorMode, events, forks, properties);
            }
        }
    }

    private static void measure(String mode, long events, int forks, Map<String, String> properties) throws Exception {
        try (CollectorProcess.Handle collector = new CollectorProcess.Handle(mode);
             SimulatedBuild build = new SimulatedBuild(collector.endpoint(), properties)) {
            AtomicLong lastGoodbye = new AtomicLong();
            long start;
            long intakeNanos;
            long end;
            long peakUsed;
            long peakLive;
            long cpu;
            double collectorCpuBefore = collector.cpuSeconds();
            double collectorCpu;
            try (SimulatedBuild.HeapWatch heap = new SimulatedBuild.HeapWatch()) {
                long cpuBefore = SimulatedBuild.processCpuNanos();
                start = System.nanoTime();
                List<Thread> threads = build.startForks(forks, events, lastGoodbye);
                for (Thread thread : threads) {
                    thread.join();
                }
                build.reporting.executionEnded(SimulatedBuild.EXECUTION, true);
                intakeNanos = System.nanoTime() - start;
                build.reporting.finish(true);
                end = System.nanoTime();
                cpu = SimulatedBuild.processCpuNanos() - cpuBefore - build.forkCpuNanos.get();
                collectorCpu = collector.cpuSeconds() - collectorCpuBefore;
                peakUsed = heap.peakUsedMb();
                peakLive = heap.peakAfterGcMb();
            }
            long[] count = collector.count();
            long runEvents = build.summaryNumber("events");
            double seconds = (end - start) / 1e9;
            System.out.printf(Locale.ROOT, "%-9s %5d %9d %9d %9d %8d %8.2f %10.0f %10.0f %8d %7d %9d %9d %9.1f %9.1f %9.1f %5s%n",
                    mode, forks, events, runEvents, count[0], count[1] + count[2], seconds, count[0] / seconds,
                    runEvents / (intakeNanos / 1e9), build.summaryNumber("spooled"), build.summaryNumber("lost"),
                    peakUsed, peakLive, cpu / 1e3 / runEvents, build.forkCpuNanos.get() / 1e3 / runEvents,
                    collectorCpu * 1e6 / runEvents, SimulatedBuild.loadAverage());
            if (count[3] > 0) {
                System.out.println("  the observer refused " + count[3] + " calls");
            }
            System.out.println("  " + build.summary());
                build.notes().forEach(note -> System.out.println("  " + note));
        }
    }
}
