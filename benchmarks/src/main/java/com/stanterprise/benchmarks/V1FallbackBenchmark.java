package com.stanterprise.benchmarks;

import com.stanterprise.aggregator.v1.EncodedEventBatch;
import com.stanterprise.maven.collector.TestCollector;
import com.stanterprise.maven.configuration.Endpoint;
import com.stanterprise.maven.export.CallLatency;
import com.stanterprise.maven.export.CollectorChannel;
import com.stanterprise.maven.export.ConcurrentEventTransport;
import com.stanterprise.maven.export.EventTransport;
import com.stanterprise.maven.export.ExportException;
import com.stanterprise.maven.export.GrpcBatchTransport;
import com.stanterprise.maven.export.GrpcEventTransport;
import com.stanterprise.testsystem.v1.observer.Event;
import com.stanterprise.testsystem.v1.observer.EventBatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Events per second through the observer's v1 API, the path the exporter falls back to when the
 * collector answers UNIMPLEMENTED to {@code ReportEventBatch}: one unary call per event, either
 * one after the other ({@link GrpcEventTransport}) or several in flight
 * ({@link ConcurrentEventTransport}, per window size), and through {@link GrpcBatchTransport}
 * itself, which shows what its fallback is. The collector is the tests' {@link TestCollector} in
 * observer mode, in this JVM, on loopback, answering after 0 ms and after 2 ms. Every run is
 * checked: the collector applied each event exactly once, in an order the observer can use
 * ({@link OrderCheck}, the rules of the integration tests' {@code RunChecks.ordered}).
 *
 * <p>Run it from the repository's root:
 * <pre>
 * mvn -B -q -o -Pbenchmarks install -DskipTests
 * mvn -B -q -o -Pbenchmarks -pl benchmarks exec:exec
 * </pre>
 * (the first time, without {@code -o}, if exec-maven-plugin 3.5.0's parent POM is not yet in the
 * local repository). The first command builds the plugin with its test classes attached as a
 * test-jar, which holds {@link TestCollector}; plain {@code mvn verify} builds neither this module
 * nor its measurements.
 * Options go in {@code -Dbenchmark.args="..."}, as {@code name=value} separated by spaces
 * (defaults in brackets): {@code suites} [10], {@code tests} per suite [100], {@code outputs} per
 * test [2], {@code batch} sizes [50, the exporter's default batchSize], {@code windows} [4,16,64],
 * {@code latencies} in ms [0,2], {@code runs} measured [3], {@code warmups} [1],
 * {@code timeoutMs} per call [10000]. For example
 * {@code -Dbenchmark.args="batch=50,500 latencies=2 runs=5"}.
 */
public final class V1FallbackBenchmark {

    private final int suites;
    private final int tests;
    private final int outputs;
    private final int[] batchSizes;
    private final int[] windows;
    private final int[] latencies;
    private final int runs;
    private final int warmups;
    private final long timeoutMs;

    private V1FallbackBenchmark(Map<String, String> options) {
        suites = Integer.parseInt(options.getOrDefault("suites", "10"));
        tests = Integer.parseInt(options.getOrDefault("tests", "100"));
        outputs = Integer.parseInt(options.getOrDefault("outputs", "2"));
        batchSizes = ints(options.getOrDefault("batch", "50"));
        windows = ints(options.getOrDefault("windows", "4,16,64"));
        latencies = ints(options.getOrDefault("latencies", "0,2"));
        runs = Integer.parseInt(options.getOrDefault("runs", "3"));
        warmups = Integer.parseInt(options.getOrDefault("warmups", "1"));
        timeoutMs = Long.parseLong(options.getOrDefault("timeoutMs", "10000"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (arg.isBlank()) {
                continue;
            }
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("options are name=value: " + arg);
            }
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        new V1FallbackBenchmark(options).run();
    }

    /** One way of sending: how to make its transport, and its name in the table. */
    private static final class Sender {
        final String name;
        final int window;
        final Function<CollectorChannel, EventTransport> make;

        Sender(String name, int window, Function<CollectorChannel, EventTransport> make) {
            this.name = name;
            this.window = window;
            this.make = make;
        }
    }

    /** The measured runs of one sender at one latency and batch size. */
    private static final class Result {
        final List<Double> eventsPerSecond = new ArrayList<>();
        final List<Double> wallMs = new ArrayList<>();
        long events;
        long calls;
        String problem;
    }

    private void run() throws Exception {
        List<Sender> senders = new ArrayList<>();
        senders.add(new Sender("sequential (GrpcEventTransport)", 1,
                channel -> new GrpcEventTransport(channel, new CallLatency(), true)));
        for (int window : windows) {
            senders.add(new Sender("concurrent (ConcurrentEventTransport)", window,
                    channel -> new ConcurrentEventTransport(channel, new CallLatency(), true, window)));
        }
        senders.add(new Sender("GrpcBatchTransport -> its fallback", 0,
                channel -> new GrpcBatchTransport(channel, new CallLatency(), message -> { })));

        int events = GeneratedRun.of("size", suites, tests, outputs).events.size();
        System.out.printf(Locale.ROOT, "v1 fallback: %d events per run (%d FILE suites x %d tests, each test begin,"
                        + " %d stdout, end), %d measured run(s) after %d warm-up(s); Java %s, %d CPUs%n%n",
                events, suites, tests, outputs, runs, warmups, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-7s %-5s %-38s %6s %6s %6s %9s %10s %21s %7s %s%n", "latency", "batch",
                "transport", "window", "events", "calls", "wall ms", "events/s", "events/s min..max", "speedup",
                "correct");
        for (int latency : latencies) {
            for (int batchSize : batchSizes) {
                double sequential = 0;
                for (Sender sender : senders) {
                    Result result = measure(sender, latency, batchSize);
                    double median = median(result.eventsPerSecond);
                    if (sequential == 0) {
                        sequential = median;
                    }
                    System.out.printf(Locale.ROOT, "%4d ms %5d %-38s %6s %6d %6d %9.0f %10.0f %10.0f..%-10.0f %6.1fx %s%n",
                            latency, batchSize, sender.name, sender.window == 0 ? "-" : Integer.toString(sender.window),
                            result.events, result.calls, median(result.wallMs), median, min(result.eventsPerSecond),
                            max(result.eventsPerSecond), median / sequential,
                            result.problem == null ? "yes" : "NO: " + result.problem);
                }
            }
        }
    }

    private Result measure(Sender sender, int latencyMs, int batchSize) throws Exception {
        Result result = new Result();
        try (TestCollector collector = TestCollector.startObserver()) {
            collector.setLatency(Duration.ofMillis(latencyMs));
            try (EventTransport transport = sender.make.apply(new CollectorChannel(Endpoint.parse(collector.endpoint())))) {
                for (int r = 0; r < warmups + runs; r++) {
                    boolean measured = r >= warmups;
                    GeneratedRun run = GeneratedRun.of("run-" + r, suites, tests, outputs);
                    int from = collector.events().size();
                    long start = System.nanoTime();
                    long calls = 0;
                    String problem = null;
                    for (EventBatch batch : run.batches(batchSize, "benchmark")) {
                        try {
                            calls += transport.send(EncodedEventBatch.parseFrom(batch.toByteString()), timeoutMs);
                        } catch (ExportException | com.google.protobuf.InvalidProtocolBufferException e) {
                            problem = "send failed: " + e.getMessage();
                            break;
                        }
                    }
                    long nanos = System.nanoTime() - start;
                    List<Event> all = collector.events();
                    if (problem == null) {
                        problem = OrderCheck.problem(run.events, all.subList(from, all.size()));
                    }
                    if (problem != null && result.problem == null) {
                        result.problem = (measured ? "" : "warm-up: ") + problem;
                    }
                    if (measured) {
                        result.events = run.events.size();
                        result.calls = calls;
                        result.wallMs.add(nanos / 1e6);
                        result.eventsPerSecond.add(run.events.size() / (nanos / 1e9));
                    }
                }
            }
        }
        TimeUnit.MILLISECONDS.sleep(100); // let the collector's threads go before the next sender
        return result;
    }

    private static int[] ints(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .mapToInt(Integer::parseInt).toArray();
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }
}
