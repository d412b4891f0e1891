package com.stanterprise.benchmarks;

import com.stanterprise.maven.collector.TestCollector;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The tests' {@link TestCollector} in a JVM of its own, driven over stdin/stdout, so that the
 * heap measured is the Maven side's, not the collector's. It checks and counts what it applies
 * but keeps none of it ({@link TestCollector#keepNoEvents}): kept, 1,000,000 events cost the
 * collector 6–8 µs of CPU each, mostly its garbage collector copying them, more than the Maven
 * side spends on them, on the same two CPUs.
 *
 * <p>{@code java ... CollectorProcess batch|observer} prints {@code port N}; then, per line on stdin,
 * {@code count} prints {@code events E batchCalls B unaryCalls U invalid I},
 * {@code latency MS} sets the latency of every event call, {@code quit} ends it.
 */
public final class CollectorProcess {

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        try (TestCollector collector = "observer".equals(args[0]) ? TestCollector.startObserver() : TestCollector.start()) {
            // It only counts: events kept on its heap would cost it more CPU (GC) than the Maven side spends.
            collector.keepNoEvents();
            out.println("port " + collector.port());
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("quit")) {
                    break;
                } else if (line.equals("count")) {
                    out.println("events " + collector.applied() + " batchCalls " + collector.batchCalls()
                            + " unaryCalls " + collector.unaryCalls() + " invalid " + collector.invalidArguments());
                } else if (line.startsWith("latency ")) {
                    collector.setLatency(Duration.ofMillis(Long.parseLong(line.substring(8).trim())));
                    out.println("ok");
                }
                out.flush();
            }
        }
    }

    /** The benchmark's handle on a collector process. */
    static final class Handle implements AutoCloseable {
        private final Process process;
        private final BufferedReader from;
        private final PrintStream to;
        final int port;

        Handle(String mode) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(System.getProperty("java.home") + "/bin/java");
            command.add("-Xmx4g");
            String jvmArgs = System.getProperty("collector.jvmArgs", "").trim();
            if (!jvmArgs.isEmpty()) {
                command.addAll(List.of(jvmArgs.split("\\s+")));
            }
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(CollectorProcess.class.getName());
            command.add(mode);
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            from = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            to = new PrintStream(process.getOutputStream(), true, "UTF-8");
            String first = from.readLine();
            while (first != null && !first.startsWith("port ")) {
                first = from.readLine(); // the JVM's own lines, such as JFR's
            }
            if (first == null || !first.startsWith("port ")) {
                throw new IOException("the collector process said " + first);
            }
            port = Integer.parseInt(first.substring(5));
        }

        String endpoint() {
            return "127.0.0.1:" + port;
        }

        /** {events, batchCalls, unaryCalls, invalid} */
        long[] count() throws IOException {
            to.println("count");
            String line = from.readLine();
            while (!line.startsWith("events ")) {
                line = from.readLine();
            }
            String[] words = line.split(" ");
            return new long[]{Long.parseLong(words[1]), Long.parseLong(words[3]), Long.parseLong(words[5]),
                    Long.parseLong(words[7])};
        }

        /** The collector JVM's CPU time (user and system) so far. */
        double cpuSeconds() {
            return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
        }

        void latency(long ms) throws IOException {
            to.println("latency " + ms);
            from.readLine();
        }

        @Override
        public void close() throws InterruptedException, IOException {
            to.println("quit");
            from.transferTo(java.io.Writer.nullWriter());
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroy();
            }
        }
    }
}
