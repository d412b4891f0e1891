package com.stanterprise.listener;

import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The listener's hot path, on the test thread: one JUnit execution event turned into a
 * testsystem v1 event and appended to the fork's {@link EventBuffer}, while the fork's real
 * {@link ForkSender} drains that buffer on its own thread and writes it to a real
 * {@link SocketForkChannel} (the fork's whole reporting, from {@link ForkReporter#start}).
 *
 * <p>The classes are the listener's main artifact, the shaded jar the forks run (relocated
 * protobuf). This class never names an event type or a method that takes one, so its bytecode
 * binds to nothing that relocation renames: it runs against the shaded jar even when the
 * reactor compiled it against the listener's unshaded classes. The test plan
 * is a real JUnit Platform {@link TestPlan}, discovered once by a launcher from a small engine:
 * one class with {@value #TESTS} test methods.
 *
 * <p>Run it from the repository's root (1 and 4 test threads, allocation per operation):
 * <pre>
 * mvn -B -q -o -Pbenchmarks install -DskipTests
 * mvn -B -q -o -Pbenchmarks -pl benchmarks exec:exec -Dbenchmark.main=org.openjdk.jmh.Main \
 *     -Dbenchmark.args="ListenerHotPathBenchmark -prof gc -t 1"
 * </pre>
 * {@code testBegin} is one event (ExecutionEvents.started); {@code testBeginEnd} is two
 * (started, then finished successfully), so per event it is half its time.
 *
 * <p>JMH measures the code once C2 has compiled it. A fork of a few thousand tests runs it
 * interpreted, then at C1's tiers, for most of its life (BENCHMARKS.md, section 5); the same
 * benchmark at those tiers: {@code -jvmArgsAppend -Xint}, {@code -jvmArgsAppend
 * -XX:TieredStopAtLevel=3} (C1 with full profiling) or {@code =1} (C1 alone).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ListenerHotPathBenchmark {

    static final int TESTS = 256;

    /**
     * One fork, as the listener sets it up: {@link ForkReporter#start} with its buffer, its sender
     * thread, its {@link SocketForkChannel} and its output capture, shared by every test thread.
     * The aggregator is a loopback socket that welcomes the fork and reads and throws away what
     * it sends.
     */
    @State(Scope.Benchmark)
    public static class ForkState {
        ExecutionEvents events;
        ForkReporter reporter;
        List<TestIdentifier> tests;
        final AtomicInteger threads = new AtomicInteger();
        final AtomicLong received = new AtomicLong();
        ServerSocket aggregator;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            TestPlan plan = discover();
            tests = new ArrayList<>();
            for (TestIdentifier root : plan.getRoots()) {
                collectTests(plan, root, tests);
            }
            if (tests.size() != TESTS) {
                throw new IllegalStateException("discovered " + tests.size() + " tests");
            }
            aggregator = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            Thread reader = new Thread(this::discard, "aggregator");
            reader.setDaemon(true);
            reader.start();
            ForkSettings settings = new ForkSettings(InetAddress.getLoopbackAddress().getHostAddress(),
                    aggregator.getLocalPort(), "secret", "surefire:test@default-test:benchmark",
                    ForkSettings.DEFAULT_FLUSH_INTERVAL_MS, ForkSettings.DEFAULT_BUFFER_BYTES,
                    ForkSettings.DEFAULT_BATCH_SIZE);
            reporter = ForkReporter.start(settings, plan);
            events = reporter.events;
            // the class's own begin, as JUnit reports it before its tests
            events.started(plan.getParent(tests.get(0)).orElseThrow());
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            reporter.stop();
            aggregator.close();
            System.out.printf("%nthe aggregator received %d bytes%n", received.get());
        }

        /** Welcomes the fork (Welcome{protocol_version: 1}, length-delimited) and discards the rest. */
        private void discard() {
            try (Socket socket = aggregator.accept()) {
                InputStream in = socket.getInputStream();
                int length = 0;
                for (int shift = 0; ; shift += 7) { // the Hello's varint length
                    int b = in.read();
                    length |= (b & 0x7f) << shift;
                    if ((b & 0x80) == 0) {
                        break;
                    }
                }
                in.readNBytes(length);
                OutputStream out = socket.getOutputStream();
                out.write(new byte[]{2, 0x08, 1});
                out.flush();
                byte[] chunk = new byte[64 * 1024];
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    received.addAndGet(n);
                }
            } catch (IOException ignored) {
                // closed at tear-down
            }
        }
    }

    /** Each test thread reports its own tests, as JUnit's parallel execution would. */
    @State(Scope.Thread)
    public static class TestThread {
        List<TestIdentifier> mine;
        int next;

        @Setup(Level.Trial)
        public void setUp(ForkState fork) {
            int index = fork.threads.getAndIncrement();
            mine = new ArrayList<>();
            // 8 slices of 32 tests: up to 8 threads never share a test
            for (int i = 0; i < 32; i++) {
                mine.add(fork.tests.get((index % 8) * 32 + i));
            }
        }

        TestIdentifier nextTest() {
            TestIdentifier test = mine.get(next);
            next = (next + 1) & 31;
            return test;
        }
    }

    @Benchmark
    public void testBegin(ForkState fork, TestThread thread) {
        fork.events.started(thread.nextTest());
    }

    @Benchmark
    public void testBeginEnd(ForkState fork, TestThread thread) {
        TestIdentifier test = thread.nextTest();
        fork.events.started(test);
        fork.events.finished(test, TestExecutionResult.successful());
    }

    private static void collectTests(TestPlan plan, TestIdentifier item, List<TestIdentifier> into) {
        if (item.isTest()) {
            into.add(item);
        }
        for (TestIdentifier child : plan.getChildren(item)) {
            collectTests(plan, child, into);
        }
    }

    /** A real launcher discovery of {@link BenchmarkEngine}, nothing else. */
    static TestPlan discover() {
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestEngineAutoRegistration(false)
                .enableTestExecutionListenerAutoRegistration(false)
                .enableLauncherDiscoveryListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false)
                .addTestEngines(new BenchmarkEngine())
                .build());
        return launcher.discover(LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass("com.example.LedgerServiceTest"))
                .build());
    }

    /** One class, com.example.LedgerServiceTest, with test methods test0() ... */
    static final class BenchmarkEngine implements TestEngine {

        @Override
        public String getId() {
            return "stanterprise-benchmark";
        }

        @Override
        public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId uniqueId) {
            EngineDescriptor engine = new EngineDescriptor(uniqueId, "Benchmark engine");
            String className = "com.example.LedgerServiceTest";
            UniqueId classId = uniqueId.append("class", className);
            Node type = new Node(classId, "LedgerServiceTest", ClassSource.from(className), TestDescriptor.Type.CONTAINER);
            engine.addChild(type);
            for (int i = 0; i < TESTS; i++) {
                String method = "transfersBetweenAccounts" + i;
                type.addChild(new Node(classId.append("method", method + "()"), method + "()",
                        MethodSource.from(className, method, ""), TestDescriptor.Type.TEST));
            }
            return engine;
        }

        @Override
        public void execute(ExecutionRequest request) {
            throw new UnsupportedOperationException("discovery only");
        }
    }

    static final class Node extends AbstractTestDescriptor {
        private final Type type;

        Node(UniqueId id, String name, TestSource source, Type type) {
            super(id, name, source);
            this.type = type;
        }

        @Override
        public Type getType() {
            return type;
        }
    }
}
