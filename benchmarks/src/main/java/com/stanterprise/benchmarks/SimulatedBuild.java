package com.stanterprise.benchmarks;

import com.google.protobuf.Timestamp;
import com.stanterprise.fork.v1.ForkBatch;
import com.stanterprise.fork.v1.ForkFrame;
import com.stanterprise.fork.v1.Goodbye;
import com.stanterprise.fork.v1.Hello;
import com.stanterprise.fork.v1.Welcome;
import com.stanterprise.maven.BuildReporting;
import com.stanterprise.maven.configuration.Configuration;
import com.stanterprise.maven.configuration.ConfigurationReader;
import com.stanterprise.testsystem.v1.common.TestStatus;
import com.stanterprise.testsystem.v1.entities.SuiteType;
import com.stanterprise.testsystem.v1.entities.TestCaseRun;
import com.stanterprise.testsystem.v1.entities.TestSuiteRun;
import com.stanterprise.testsystem.v1.events.StdOutputEventRequest;
import com.stanterprise.testsystem.v1.events.SuiteBeginEventRequest;
import com.stanterprise.testsystem.v1.events.SuiteEndEventRequest;
import com.stanterprise.testsystem.v1.events.TestBeginEventRequest;
import com.stanterprise.testsystem.v1.events.TestEndEventRequest;
import com.stanterprise.testsystem.v1.observer.Event;
import com.sun.management.GarbageCollectionNotificationInfo;
import org.slf4j.Logger;
import org.slf4j.helpers.MessageFormatter;

import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A build as {@link BuildReporting} sees it, without Maven: a real {@code BuildReporting} made
 * from a {@link Configuration} that {@link ConfigurationReader} read from {@code -D}-style user
 * properties, one Surefire execution, and N simulated forks. A simulated fork is a thread with a
 * real loopback socket that speaks the fork channel as {@code SocketForkChannel} does: Hello with
 * the execution key and the build's secret (read from the secret file, as a fork does), Welcome,
 * ForkBatch frames of {@value #FRAME_EVENTS} events, Goodbye, then it waits for the aggregator's
 * close. Its events are what the listener emits: per class a FILE suite, per test a begin,
 * {@link #OUTPUTS_PER_TEST} lines of stdout and an end.
 */
final class SimulatedBuild implements AutoCloseable {

    static final int FRAME_EVENTS = 256;
    static final int TESTS_PER_CLASS = 100;
    static final int OUTPUTS_PER_TEST = 10;
    static final String EXECUTION = "surefire:test@default-test:bench";

    final BuildReporting reporting;
    final Path directory;
    final List<String> log = new CopyOnWriteArrayList<>();
    private final String host;
    private final int port;
    private final String secret;

    SimulatedBuild(String endpoint, Map<String, String> userProperties) throws Exception {
        directory = Files.createTempDirectory("stanterprise-bench-");
        Properties properties = new Properties();
        properties.setProperty("stanterprise.endpoint", endpoint);
        properties.putAll(userProperties);
        Configuration configuration = new ConfigurationReader(name -> null, properties, Collections.emptyMap(),
                directory.resolve("target").resolve("stanterprise")).read();
        reporting = BuildReporting.start(configuration, logger(log), "benchmark", Collections.emptyMap());
        reporting.executionStarted(EXECUTION, "bench (surefire:test)", "bench");
        Map<String, String> fork = reporting.forkProperties(EXECUTION);
        String channel = fork.get("stanterprise.channel");
        host = channel.substring(0, channel.lastIndexOf(':'));
        port = Integer.parseInt(channel.substring(channel.lastIndexOf(':') + 1));
        secret = new String(Files.readAllBytes(Path.of(fork.get("stanterprise.secretFile"))), StandardCharsets.UTF_8).trim();
    }

    /** CPU time the simulated forks' threads used: not the Maven side's. */
    final AtomicLong forkCpuNanos = new AtomicLong();

    /** Starts {@code forks} forks that send {@code events} events between them; returns their threads. */
    List<Thread> startForks(int forks, long events, AtomicLong lastGoodbyeNanos) {
        List<Thread> threads = new ArrayList<>();
        for (int f = 0; f < forks; f++) {
            long mine = events / forks + (f < events % forks ? 1 : 0);
            int index = f;
            Thread thread = new Thread(() -> {
                try {
                    runFork(index, mine);
                    forkCpuNanos.addAndGet(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
                    lastGoodbyeNanos.accumulateAndGet(System.nanoTime(), Math::max);
                } catch (IOException e) {
                    throw new IllegalStateException("fork " + index + ": " + e, e);
                }
            }, "simulated-fork-" + f);
            thread.start();
            threads.add(thread);
        }
        return threads;
    }

    /** CPU time of this whole JVM so far. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The machine's 1-minute load average: other processes share the CPUs with the measurement. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** The summary line BuildReporting logs at the end. */
    String summary() {
        for (String line : log) {
            if (line.startsWith("Stanterprise: run ")) {
                return line;
            }
        }
        return "(no summary)";
    }

    /**
     * A number from the summary line: {@code events}, {@code calls} and {@code retries} come after
     * their number ("12 calls"), {@code spooled} and {@code lost} before it ("lost 0").
     */
    long summaryNumber(String word) {
        boolean after = word.equals("spooled") || word.equals("lost");
        String[] words = summary().replaceAll("[(),;:]", " ").trim().split("\\s+");
        for (int i = 0; i < words.length; i++) {
            if (words[i].equals(word)) {
                try {
                    return Long.parseLong(words[after ? i + 1 : i - 1]);
                } catch (RuntimeException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** What BuildReporting logged besides its summary and the start line: warnings, fallbacks. */
    List<String> notes() {
        List<String> notes = new ArrayList<>();
        for (String line : log) {
            if (!line.startsWith("Stanterprise: run ") && !line.contains(" is up; streaming run ")) {
                notes.add(line);
            }
        }
        return notes;
    }

    private void runFork(int fork, long events) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setTcpNoDelay(true);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            InputStream in = socket.getInputStream();
            ForkFrame.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(1).setSecret(secret)
                    .setExecutionKey(EXECUTION).setPid(10_000 + fork)).build().writeDelimitedTo(out);
            out.flush();
            if (Welcome.parseDelimitedFrom(in) == null) {
                throw new IOException("not welcomed");
            }
            ForkBatch.Builder frame = ForkBatch.newBuilder();
            long sent = 0;
            for (Event event : (Iterable<Event>) () -> new ForkEvents(fork, events)) {
                frame.addEvents(event);
                if (frame.getEventsCount() == FRAME_EVENTS) {
                    ForkFrame.newBuilder().setBatch(frame).build().writeDelimitedTo(out);
                    out.flush();
                    sent += frame.getEventsCount();
                    frame.clear();
                }
            }
            if (frame.getEventsCount() > 0) {
                ForkFrame.newBuilder().setBatch(frame).build().writeDelimitedTo(out);
                sent += frame.getEventsCount();
            }
            ForkFrame.newBuilder().setGoodbye(Goodbye.newBuilder().setEventsSent(sent)).build().writeDelimitedTo(out);
            out.flush();
            socket.shutdownOutput();
            while (in.read() >= 0) {
                // the aggregator's close is the receipt
            }
        }
    }

    /** Exactly {@code count} events of one fork, generated as they are sent (a fork does not hold them all). */
    private static final class ForkEvents implements java.util.Iterator<Event> {
        private final int fork;
        private final long count;
        private long produced;
        private int classIndex;
        private int test;
        private int step; // 0: test begin, 1..OUTPUTS: stdout, then the test's end
        private boolean inClass;
        private final Timestamp now = Timestamp.newBuilder().setSeconds(System.currentTimeMillis() / 1000).build();

        ForkEvents(int fork, long count) {
            this.fork = fork;
            this.count = count;
        }

        @Override
        public boolean hasNext() {
            return produced < count || inClass;
        }

        /** Whole tests and classes: a fork may send up to one test's events more than asked. */
        @Override
        public Event next() {
            produced++;
            String className = "com.example.Fork" + fork + "Class" + classIndex + "Test";
            String suiteId = "f" + fork + "-c" + classIndex;
            if (!inClass) {
                inClass = true;
                return emitted(Event.newBuilder().setSuiteBegin(SuiteBeginEventRequest.newBuilder().setSuite(
                        suite(suiteId, className).setStatus(TestStatus.RUNNING))));
            }
            if (step == 0 && (test == TESTS_PER_CLASS || produced > count - 1)) {
                inClass = false;
                classIndex++;
                test = 0;
                return emitted(Event.newBuilder().setSuiteEnd(SuiteEndEventRequest.newBuilder().setSuite(
                        suite(suiteId, className).setStatus(TestStatus.PASSED).setEndTime(now))));
            }
            String testId = suiteId + "-t" + test;
            Event.Builder event;
            if (step == 0) {
                event = Event.newBuilder().setTestBegin(TestBeginEventRequest.newBuilder().setTestCase(
                        testCase(testId, suiteId, className).setStatus(TestStatus.RUNNING)));
                step++;
            } else if (step <= OUTPUTS_PER_TEST) {
                event = Event.newBuilder().setStdOutput(StdOutputEventRequest.newBuilder().setTestId(testId)
                        .setTestCaseRunId(testId).setTimestamp(now)
                        .setMessage("line " + step + " of test" + test + "(): the quick brown fox jumps over the lazy dog\n"));
                step++;
            } else {
                event = Event.newBuilder().setTestEnd(TestEndEventRequest.newBuilder().setTestCase(
                        testCase(testId, suiteId, className).setStatus(TestStatus.PASSED).setEndTime(now)));
                step = 0;
                test++;
            }
            return emitted(event);
        }

        private TestSuiteRun.Builder suite(String id, String className) {
            return TestSuiteRun.newBuilder().setId(id).setName(className.substring(className.lastIndexOf('.') + 1))
                    .setType(SuiteType.FILE).setStartTime(now).setLocation(className)
                    .putMetadata("class", className);
        }

        private TestCaseRun.Builder testCase(String id, String suiteId, String className) {
            return TestCaseRun.newBuilder().setId(id).setName("test" + test + "()").setTestSuiteId(suiteId)
                    .setStartTime(now).setLocation(className + "#test" + test + "()")
                    .putMetadata("class", className).putMetadata("method", "test" + test);
        }

        private Event emitted(Event.Builder event) {
            return event.setEmittedAt(now).build();
        }
    }

    @Override
    public void close() throws IOException {
        try (var files = Files.walk(directory)) {
            files.sorted(Collections.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** A Logger that keeps what BuildReporting logs at info and above. */
    private static Logger logger(List<String> into) {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[]{Logger.class},
                (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.startsWith("is") && name.endsWith("Enabled")) {
                        return !name.equals("isDebugEnabled") && !name.equals("isTraceEnabled");
                    }
                    if ((name.equals("info") || name.equals("warn") || name.equals("error"))
                            && args != null && args.length > 0 && args[0] instanceof String) {
                        Object[] rest = Arrays.copyOfRange(args, 1, args.length);
                        if (rest.length == 1 && rest[0] instanceof Object[]) {
                            rest = (Object[]) rest[0];
                        }
                        into.add(MessageFormatter.arrayFormat((String) args[0], rest).getMessage());
                    }
                    if (name.equals("getName")) {
                        return "benchmark";
                    }
                    return null;
                });
    }

    /**
     * The heap while something runs: the largest heap in use sampled every 10 ms, and the largest
     * heap left in use after a collection (what was live, the number that shows whether the
     * heap is bounded).
     */
    static final class HeapWatch implements AutoCloseable {
        private final AtomicLong peakUsed = new AtomicLong();
        private final AtomicLong peakAfterGc = new AtomicLong();
        private final Thread sampler;
        private final List<Runnable> unsubscribe = new ArrayList<>();
        private volatile boolean running = true;

        private final java.util.Set<String> heapPools = new java.util.HashSet<>();

        HeapWatch() {
            for (java.lang.management.MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                    heapPools.add(pool.getName());
                }
            }
            System.gc();
            sampler = new Thread(() -> {
                while (running) {
                    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
                    peakUsed.accumulateAndGet(heap.getUsed(), Math::max);
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-watch");
            sampler.setDaemon(true);
            sampler.start();
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                NotificationListener listener = (notification, handback) -> {
                    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                        return;
                    }
                    GarbageCollectionNotificationInfo info =
                            GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                    long after = 0;
                    for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                        if (heapPools.contains(pool.getKey())) {
                            after += pool.getValue().getUsed();
                        }
                    }
                    peakAfterGc.accumulateAndGet(after, Math::max);
                };
                ((NotificationEmitter) gc).addNotificationListener(listener, null, null);
                unsubscribe.add(() -> {
                    try {
                        ((NotificationEmitter) gc).removeNotificationListener(listener);
                    } catch (Exception ignored) {
                        // gone already
                    }
                });
            }
        }

        long peakUsedMb() {
            return peakUsed.get() >> 20;
        }

        long peakAfterGcMb() {
            return peakAfterGc.get() >> 20;
        }

        @Override
        public void close() {
            running = false;
            unsubscribe.forEach(Runnable::run);
        }
    }
}
