package com.stanterprise.benchmarks;

import com.stanterprise.aggregator.v1.EncodedEvent;
import com.stanterprise.maven.channel.ForkChannelServer;
import com.stanterprise.maven.channel.ForkListener;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the listener costs the test JVMs alone, without Maven's JVM beside them: the generated
 * project's tests ({@link GeneratedProject}, the whole build's by default) run by the JUnit
 * Platform in fresh JVMs ({@link TestJvm}, {@code forks} of them at once, as Surefire's forks),
 * with and without the listener's jar on their class path. With it, they report over the real
 * fork channel ({@link ForkChannelServer}, the plugin's, in this JVM) with the properties the
 * extension gives a fork (see {@code configs} below for the configurations and their order).
 * Per configuration, medians of: the test JVMs' CPU (together; user and system, from a
 * {@link ProcessCpu} agent in each), the part of it their JIT compiler threads spent (and of that,
 * C2's threads), the part their main threads spent (the tests, and the listener's work on the test
 * thread), and the wall time from their start to the last one's exit; and the events the channel
 * received.
 * A whole build's numbers (WholeBuildBenchmark) move with Maven's JVM and the machine; the test
 * JVMs alone move less (still ±0.3 s between medians of 7–13 runs here: compare with 21 or more),
 * so that a change to the listener shows here first.
 *
 * <pre>
 * mvn -B -q -o -Pbenchmarks install -DskipTests
 * mvn -B -q -o -Pbenchmarks -pl benchmarks exec:exec -Dbenchmark.main=com.stanterprise.benchmarks.TestJvmBenchmark
 * </pre>
 * Options ({@code -Dbenchmark.args}): {@code tests} [5000], {@code classes} [100], {@code forks} [2],
 * {@code outputEvery} [5] (see {@link GeneratedProject}), {@code dir} [target/test-jvm],
 * {@code runs} [21: fewer mislead here], {@code jvmArgs} more options of every test JVM ({@code |} separates them),
 * {@code configs} [none,listener]: {@code none} is a JVM without the listener's jar, {@code listener}
 * one with it, and {@code listener+name=value+...} one with it and those system properties too
 * (for example {@code listener+stanterprise.fork.flushIntervalMs=1000}); {@code listener@<jar>}
 * runs the listener of another jar instead (an earlier build of it, to compare a change in the
 * same rounds). In every round each configuration runs once, each round starting one
 * configuration later.
 * Linux only (the agent reads {@code /proc}).
 */
public final class TestJvmBenchmark {

    private static final String SECRET = "test-jvm-benchmark";

    /** One run of the test JVMs. */
    private static final class Run {
        final String config;
        double cpuS;
        double jitS;
        double c2S;
        double mainS;
        double wallS;
        long events;

        Run(String config) {
            this.config = config;
        }

        /** Neither compiling nor the main thread: the listener's sender, GC, the JVM's own threads. */
        double otherS() {
            return cpuS - jitS - mainS;
        }
    }

    private final GeneratedProject project;
    private final Path classes;
    private final Path logs;
    private final Path agent;
    private final Path secretFile;
    private final List<String> junitClassPath;
    private final String listenerJar;
    private final List<String> jvmArgs;
    private final AtomicLong events = new AtomicLong();

    private TestJvmBenchmark(GeneratedProject project, List<String> jvmArgs) throws IOException {
        this.project = project;
        this.classes = project.directory.resolve("target/benchmark-classes");
        this.logs = project.directory.resolve("target/benchmark-logs");
        Files.createDirectories(logs);
        this.agent = ProcessCpu.jar(logs.resolve("process-cpu-agent.jar"));
        this.secretFile = Files.writeString(logs.resolve("secret"), SECRET, StandardCharsets.UTF_8);
        this.jvmArgs = jvmArgs;
        List<String> own = List.of(System.getProperty("java.class.path").split(File.pathSeparator));
        // What a Surefire fork of the project has: JUnit's jars, the project's classes (and here TestJvm's).
        this.junitClassPath = own.stream()
                .filter(entry -> Stream.of("junit-platform-", "junit-jupiter-", "opentest4j", "apiguardian")
                        .anyMatch(name -> Path.of(entry).getFileName().toString().startsWith(name)))
                .collect(Collectors.toList());
        this.listenerJar = own.stream().filter(entry -> entry.contains("stanterprise-surefire-listener"))
                .findFirst().orElseThrow(() -> new IllegalStateException("the listener's jar is not on the class path"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args);
        GeneratedProject project = GeneratedProject.from(options, Path.of("target", "test-jvm"));
        int runs = Integer.parseInt(options.getOrDefault("runs", "21"));
        List<String> jvmArgs = options.containsKey("jvmArgs")
                ? List.of(options.get("jvmArgs").split("\\|")) : List.of();
        project.write();
        TestJvmBenchmark benchmark = new TestJvmBenchmark(project, jvmArgs);
        benchmark.compile();
        System.out.printf(Locale.ROOT, "test JVMs: %s%n  %d CPUs, Java %s, test JVM options %s; %d runs per configuration, alternating%n%n",
                project, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                jvmArgs, runs);
        ForkListener counting = new ForkListener() {
            @Override
            public void forkConnected(String forkId, String executionKey, String description) {
            }

            @Override
            public void forkEvents(String forkId, List<EncodedEvent> received, long droppedInFork) {
                benchmark.events.addAndGet(received.size());
            }

            @Override
            public void forkClosed(String forkId, boolean saidGoodbye) {
            }
        };
        List<String> configs = List.of(options.getOrDefault("configs", "none,listener").split(","));
        List<Run> runsDone = new ArrayList<>();
        try (ForkChannelServer server = new ForkChannelServer(SECRET, counting)) {
            server.start();
            System.out.printf(Locale.ROOT, "%5s %-30s %8s %8s %8s %8s %8s %8s %8s%n",
                    "round", "config", "cpu s", "jit s", "c2 s", "main s", "other s", "wall s", "events");
            for (int round = 1; round <= runs; round++) {
                for (int i = 0; i < configs.size(); i++) {
                    String config = configs.get((i + round - 1) % configs.size());
                    Run run = benchmark.run(config, server.address(), "run" + round);
                    runsDone.add(run);
                    System.out.printf(Locale.ROOT, "%5d %-30s %8.2f %8.2f %8.2f %8.2f %8.2f %8.2f %8d%n", round, config,
                            run.cpuS, run.jitS, run.c2S, run.mainS, run.otherS(), run.wallS, run.events);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%nmedians of %d runs each; cpu: the %d test JVMs together, jit: their JIT compiler threads,"
                + " c2: C2's of those, main: their main threads (the tests), other: the rest%n%n", runs, project.forks);
        System.out.printf(Locale.ROOT, "| config | cpu s | jit s | c2 s | main s | other s | wall s | events "
                + "| cpu − %1$s s | jit − %1$s s | c2 − %1$s s | main − %1$s s | other − %1$s s |%n", configs.get(0));
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        List<Run> first = of(runsDone, configs.get(0));
        for (String config : configs) {
            row(config, of(runsDone, config), first);
        }
    }

    private static List<Run> of(List<Run> runs, String config) {
        return runs.stream().filter(run -> run.config.equals(config)).collect(Collectors.toList());
    }

    private static void row(String name, List<Run> runs, List<Run> base) {
        double cpu = Median.of(runs, r -> r.cpuS);
        double jit = Median.of(runs, r -> r.jitS);
        double c2 = Median.of(runs, r -> r.c2S);
        double main = Median.of(runs, r -> r.mainS);
        double other = Median.of(runs, Run::otherS);
        System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.0f | %+.2f | %+.2f | %+.2f | %+.2f | %+.2f |%n",
                name, cpu, jit, c2, main, other, Median.of(runs, r -> r.wallS), Median.of(runs, r -> r.events),
                cpu - Median.of(base, r -> r.cpuS), jit - Median.of(base, r -> r.jitS), c2 - Median.of(base, r -> r.c2S),
                main - Median.of(base, r -> r.mainS), other - Median.of(base, Run::otherS));
    }

    /** The generated project's main and test sources, compiled once into one directory. */
    private void compile() throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Files.createDirectories(classes);
        List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(),
                "-cp", String.join(File.pathSeparator, junitClassPath), "-nowarn"));
        try (Stream<Path> sources = Files.walk(project.directory.resolve("src"))) {
            sources.filter(path -> path.toString().endsWith(".java")).forEach(path -> arguments.add(path.toString()));
        }
        if (javac.run(null, null, null, arguments.toArray(new String[0])) != 0) {
            throw new IllegalStateException("the generated project did not compile");
        }
    }

    /** @param config none, listener, or listener+name=value+... (see the class's options) */
    private Run run(String config, String channel, String name) throws IOException, InterruptedException {
        boolean withListener = !config.equals("none");
        String otherJar = config.startsWith("listener@") ? config.substring("listener@".length()) : null;
        if (withListener && otherJar == null && !config.equals("listener") && !config.startsWith("listener+")) {
            throw new IllegalArgumentException("configs are none, listener, listener+name=value or listener@jar: " + config);
        }
        String label = otherJar == null ? config : "listener@" + Path.of(otherJar).getFileName();
        Path cpuFile = logs.resolve(name + "-" + label + ".cpu");
        Files.deleteIfExists(cpuFile);
        List<String> classPath = new ArrayList<>(junitClassPath);
        classPath.add(classes.toString());
        classPath.add(Path.of(TestJvm.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString());
        if (withListener) {
            classPath.add(otherJar != null ? otherJar : listenerJar);
        }
        events.set(0);
        long start = System.nanoTime();
        List<Process> forks = new ArrayList<>();
        for (int fork = 0; fork < project.forks; fork++) {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-javaagent:" + agent + "=test," + cpuFile);
            command.addAll(jvmArgs);
            if (withListener) {
                // What the extension gives a fork (BuildReporting's fork properties).
                command.add("-Dstanterprise.channel=" + channel);
                command.add("-Dstanterprise.secretFile=" + secretFile);
                command.add("-Dstanterprise.execution=benchmark:test");
                command.add("-Dstanterprise.aggregatorPid=" + ProcessHandle.current().pid());
                for (String property : (otherJar != null ? "" : config.substring("listener".length())).split("\\+")) {
                    if (!property.isEmpty()) {
                        command.add("-D" + property);
                    }
                }
            }
            command.addAll(List.of("-cp", String.join(File.pathSeparator, classPath), TestJvm.class.getName(),
                    classes.toString(), Integer.toString(fork), Integer.toString(project.forks)));
            if (fork == 0) {
                Files.writeString(logs.resolve(name + "-" + label + ".command"), String.join(" ", command) + "\n");
            }
            forks.add(new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(logs.resolve(name + "-fork" + fork + ".err").toFile()).start());
        }
        for (Process fork : forks) {
            if (fork.waitFor() != 0) {
                throw new IllegalStateException("a test JVM failed: see " + logs);
            }
        }
        Run run = new Run(config);
        run.wallS = (System.nanoTime() - start) / 1e9;
        // The last fork's goodbye is answered once its events are read: the count is complete.
        run.events = events.get();
        for (ProcessCpu.Usage usage : ProcessCpu.read(cpuFile)) {
            run.cpuS += usage.cpuS;
            run.jitS += usage.jitS;
            run.c2S += usage.c2S;
            run.mainS += usage.mainS;
        }
        return run;
    }
}
