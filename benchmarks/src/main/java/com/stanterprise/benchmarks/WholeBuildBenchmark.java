package com.stanterprise.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whole builds: what the extension costs a real {@code mvn verify}. A {@link GeneratedProject}
 * ({@code tests} JUnit Jupiter tests, 2 forks) is built by nested {@code mvn -B -o verify}
 * processes, {@code runs} times in each configuration, interleaved (round-robin, each round
 * starting one configuration later), after {@code warmups} unmeasured builds of each (the first
 * one compiles; later builds find the classes up to date, so every measured build does the same
 * work):
 * <ul>
 *   <li>{@code none}: {@code pom.xml}, without the extension (Maven does not load it);</li>
 *   <li>{@code batching}: {@code pom-stanterprise.xml}, to a collector ({@link CollectorProcess},
 *       batch service) that answers at once;</li>
 *   <li>{@code unbatched}: the same with {@code -Dstanterprise.enableBatching=false}: one v1 call per
 *       event (the old way), to a collector of its own;</li>
 *   <li>{@code slow}: batching, to a collector that answers every event call after {@code latency}
 *       ms (20);</li>
 *   <li>{@code disabled} (not in the default list): {@code pom-stanterprise.xml} with
 *       {@code -Dstanterprise.enabled=false}: the extension is loaded but reports nothing;</li>
 *   <li>any of these with {@code +<parameter>=<value>} (several joined by {@code +}), for
 *       example {@code batching+batchFlushIntervalMs=1000}: that configuration with those
 *       parameters as well, in the same interleaved rounds as the others.</li>
 * </ul>
 * Per build: the wall time of the nested {@code mvn} process (start to exit); its CPU time, Maven's
 * JVM and its test JVMs together ({@code /proc/self/stat}: the children this JVM waited for), which
 * the machine's load disturbs much less than the wall time; the CPU time the collector spent
 * meanwhile (a process of its own, not counted in the build's); and from Maven's own timestamps
 * ({@code -Dorg.slf4j.simpleLogger.showDateTime}): boot (start to {@code Scanning for projects}),
 * read (to the first mojo: reading the project, and with the extension its start, which waits for
 * the collector's health check), before (start to Surefire's {@code T E S T S}), tests (to its
 * {@code Results:}) and after (the rest: the jar, the end of the build, and with the extension the
 * delivery of what is still queued, the drain). RPCs come from the extension's
 * {@code target/stanterprise/stats.json} ({@code calls}) and, as a check, from the collector
 * (event calls that reached it during the build); events are the run's events ({@code stats.json}).
 *
 * <pre>
 * mvn -B -q -o -Pbenchmarks install -DskipTests
 * mvn -B -q -o -Pbenchmarks -pl benchmarks exec:exec -Dbenchmark.main=com.stanterprise.benchmarks.WholeBuildBenchmark
 * </pre>
 * Options ({@code -Dbenchmark.args}): {@code tests} [5000], {@code classes} [100], {@code forks} [2],
 * {@code outputEvery} [5] (see {@link GeneratedProject}), {@code dir} [target/whole-build],
 * {@code runs} [5], {@code warmups} [1], {@code configs} [none,batching,unbatched,slow; also
 * {@code disabled}: the extension loaded, {@code enabled=false}; {@code file}: no endpoint, the file sink],
 * {@code latency} ms of the slow collector [20], {@code mavenOpts} the nested builds' MAVEN_OPTS
 * and {@code mavenArgs} more arguments of every nested {@code mvn} (in both, {@code |} separates words
 * and {@code {run}} is replaced by the build's name, for example for a JFR file per build), {@code mvn}
 * [{@code ${maven.home}/bin/mvn}, else {@code mvn}], {@code offline} [true], and any
 * {@code stanterprise.*} parameter, passed to the builds with the extension as {@code -D},
 * {@code skipTests} [false]: every build with {@code -DskipTests}, so that what remains is what the
 * extension costs a build by being there (loaded, started, its channel and health check, the run's
 * opening and closing events), and
 * {@code cpuSplit} [true]: a {@link ProcessCpu} agent in Maven's JVM ({@code MAVEN_OPTS}) and in
 * the test JVMs ({@code -DargLine}) says which JVM spends the CPU, and how much of it compiling.
 * The nested builds use the local repository of the build that runs the benchmark
 * ({@code -Dmaven.repo.local}, which exec:exec passes on).
 */
public final class WholeBuildBenchmark {

    private static final Pattern TIMESTAMP = Pattern.compile("(\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d) \\[");
    private static final Pattern TESTS_RUN = Pattern.compile(
            "Tests run: (\\d+), Failures: (\\d+), Errors: (\\d+), Skipped: (\\d+)$");

    /** One way of building the project. */
    private static final class Config {
        final String name;
        final String pom;
        final CollectorProcess.Handle collector;
        final List<String> properties;
        final List<Build> builds = new ArrayList<>();

        Config(String name, String pom, CollectorProcess.Handle collector, List<String> properties) {
            this.name = name;
            this.pom = pom;
            this.collector = collector;
            this.properties = properties;
        }

        boolean stanterprise() {
            return collector != null;
        }
    }

    /** What one build measured. */
    private static final class Build {
        final String name;
        double wallS;
        double beforeTestsS = Double.NaN;
        double testsS = Double.NaN;
        double afterTestsS = Double.NaN;
        double bootS = Double.NaN;
        double projectReadS = Double.NaN;
        double cpuS;
        double collectorCpuS = Double.NaN;
        long testsRun = -1;
        long events = -1;
        long calls = -1;
        long spooled = -1;
        long lost = -1;
        long collectorCalls = -1;
        long collectorEvents = -1;
        /** From {@link ProcessCpu}: Maven's JVM, and the test JVMs together; NaN without it. */
        double mavenCpuS = Double.NaN;
        double mavenJitS = Double.NaN;
        double testJvmsCpuS = Double.NaN;
        double testJvmsJitS = Double.NaN;
        boolean compiled;
        String load;
        String summary = "";

        Build(String name) {
            this.name = name;
        }
    }

    private final GeneratedProject project;
    private final List<String> maven;
    private final String repository;
    private final boolean offline;
    /** Builds without their tests: what the extension costs a build by being there. */
    private final boolean skipTests;
    private final String mavenOpts;
    private final String mavenArgs;
    private final Path logs;
    /** The {@link ProcessCpu} agent's jar; null when the split is off. */
    private Path cpuAgent;

    private WholeBuildBenchmark(GeneratedProject project, Map<String, String> options) {
        this.project = project;
        String mavenHome = System.getProperty("maven.home");
        String mvn = options.getOrDefault("mvn",
                mavenHome != null && Files.isExecutable(Path.of(mavenHome, "bin", "mvn"))
                        ? Path.of(mavenHome, "bin", "mvn").toString() : "mvn");
        this.maven = List.of(mvn);
        this.repository = options.getOrDefault("repo", System.getProperty("maven.repo.local"));
        this.offline = Boolean.parseBoolean(options.getOrDefault("offline", "true"));
        this.skipTests = Boolean.parseBoolean(options.getOrDefault("skipTests", "false"));
        // exec:exec splits benchmark.args at spaces, so | separates the words of these two
        this.mavenOpts = options.containsKey("mavenOpts") ? options.get("mavenOpts").replace('|', ' ') : null;
        this.mavenArgs = options.getOrDefault("mavenArgs", "").replace('|', ' ').trim();
        this.logs = project.directory.resolveSibling(project.directory.getFileName() + "-logs");
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args);
        GeneratedProject project = GeneratedProject.from(options, Path.of("target", "whole-build"));
        int runs = Integer.parseInt(options.getOrDefault("runs", "5"));
        int warmups = Integer.parseInt(options.getOrDefault("warmups", "1"));
        long latency = Long.parseLong(options.getOrDefault("latency", "20"));
        List<String> names = List.of(options.getOrDefault("configs", "none,batching,unbatched,slow").split(","));
        List<String> stanterprise = new ArrayList<>();
        options.forEach((name, value) -> {
            if (name.startsWith("stanterprise.")) {
                stanterprise.add("-D" + name + "=" + value);
            }
        });
        WholeBuildBenchmark benchmark = new WholeBuildBenchmark(project, options);
        project.write();
        Files.createDirectories(benchmark.logs);
        if (Boolean.parseBoolean(options.getOrDefault("cpuSplit", "true")) && Files.isDirectory(Path.of("/proc/self/task"))) {
            benchmark.cpuAgent = ProcessCpu.jar(benchmark.logs.resolve("process-cpu-agent.jar").toAbsolutePath());
        }
        System.out.printf(Locale.ROOT, "whole builds: %s%n  %d CPUs, Java %s, %s, local repository %s%n"
                        + "  %d warm-up and %d measured builds per configuration, interleaved; logs in %s%n%n",
                project, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                benchmark.maven.get(0), benchmark.repository, warmups, runs, benchmark.logs);

        List<CollectorProcess.Handle> collectors = new ArrayList<>();
        try {
            List<Config> configs = new ArrayList<>();
            for (String name : names) {
                configs.add(benchmark.config(name.trim(), latency, stanterprise, collectors));
            }
            for (int w = 1; w <= warmups; w++) {
                for (Config config : configs) {
                    Build build = benchmark.build(config, "warmup" + w);
                    System.out.printf(Locale.ROOT, "warm-up %-10s %6.2f s%s%n", config.name, build.wallS,
                            build.compiled ? " (compiled)" : "");
                }
            }
            System.out.println();
            System.out.printf(Locale.ROOT, "%5s %-10s %7s %7s %7s %7s %7s %7s %7s %7s %7s %7s %7s %8s %6s %6s %6s %5s%n",
                    "round", "config", "wall s", "cpu s", "mvn cpu", "mvn jit", "tJVMcpu", "tJVMjit", "boot s", "read s",
                    "before", "tests s", "after s", "coll cpu", "events", "RPCs", "coll.", "load");
            for (int round = 1; round <= runs; round++) {
                for (int i = 0; i < configs.size(); i++) {
                    Config config = configs.get((i + round - 1) % configs.size());
                    Build build = benchmark.build(config, "run" + round);
                    config.builds.add(build);
                    System.out.printf(Locale.ROOT, "%5d %-10s %7.2f %7.2f %7.2f %7.2f %7.2f %7.2f %7.2f %7.2f %7.2f %7.2f %7.2f %8.2f %6s %6s %6s %5s%s%n",
                            round, config.name, build.wallS, build.cpuS, build.mavenCpuS, build.mavenJitS,
                            build.testJvmsCpuS, build.testJvmsJitS, build.bootS, build.projectReadS, build.beforeTestsS,
                            build.testsS, build.afterTestsS, build.collectorCpuS, orDash(build.events),
                            orDash(build.calls), orDash(build.collectorCalls), build.load,
                            (build.compiled ? " (compiled!)" : "")
                                    + (build.collectorEvents != build.events
                                    ? " (the collector applied " + build.collectorEvents + ")" : ""));
                }
            }
            benchmark.printTable(configs, latency);
        } finally {
            for (CollectorProcess.Handle collector : collectors) {
                collector.close();
            }
        }
    }

    private Config config(String name, long latency, List<String> stanterprise,
                          List<CollectorProcess.Handle> collectors) throws IOException {
        int plus = name.indexOf('+');
        if (plus > 0) {
            // batching+batchFlushIntervalMs=1000: a configuration with parameters of its own
            Config base = config(name.substring(0, plus), latency, stanterprise, collectors);
            List<String> properties = new ArrayList<>(base.properties);
            for (String parameter : name.substring(plus + 1).split("\\+")) {
                properties.add("-Dstanterprise." + parameter);
            }
            return new Config(name, base.pom, base.collector, properties);
        }
        if (name.equals("none")) {
            return new Config(name, GeneratedProject.PLAIN_POM, null, List.of());
        }
        if (name.equals("disabled")) {
            // the extension loaded and started, reporting off: what loading it costs by itself
            return new Config(name, GeneratedProject.STANTERPRISE_POM, null, List.of("-Dstanterprise.enabled=false"));
        }
        if (name.equals("file")) {
            // no endpoint: the run goes to the local file sink, no gRPC at all
            return new Config(name, GeneratedProject.STANTERPRISE_POM, null, List.of());
        }
        CollectorProcess.Handle collector = new CollectorProcess.Handle("batch");
        collectors.add(collector);
        List<String> properties = new ArrayList<>();
        properties.add("-Dstanterprise.endpoint=" + collector.endpoint());
        switch (name) {
            case "batching":
                break;
            case "unbatched":
                properties.add("-Dstanterprise.enableBatching=false");
                break;
            case "slow":
                collector.latency(latency);
                break;
            default:
                throw new IllegalArgumentException("configs are none, disabled, batching, unbatched and slow: " + name);
        }
        properties.addAll(stanterprise);
        return new Config(name, GeneratedProject.STANTERPRISE_POM, collector, properties);
    }

    private Build build(Config config, String round) throws IOException, InterruptedException {
        Build build = new Build(config.name + "-" + round);
        Path reports = project.directory.resolve("target/stanterprise");
        deleteRecursively(reports); // stats.json, and a spool an earlier build may have left
        List<String> command = new ArrayList<>(maven);
        command.add("-B");
        if (offline) {
            command.add("-o");
        }
        command.add("-f");
        command.add(config.pom);
        if (repository != null) {
            command.add("-Dmaven.repo.local=" + repository);
        }
        command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
        command.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS");
        command.addAll(config.properties);
        if (!mavenArgs.isEmpty()) {
            for (String arg : mavenArgs.replace("{run}", build.name).split("\\s+")) {
                command.add(arg);
            }
        }
        Path cpuFile = logs.resolve(build.name + ".cpu").toAbsolutePath();
        Files.deleteIfExists(cpuFile);
        String agent = cpuAgent == null ? null : "-javaagent:" + cpuAgent;
        if (agent != null) {
            // The generated project sets no argLine: Surefire passes this one to its test JVMs.
            command.add("-DargLine=" + agent + "=test," + cpuFile);
        }
        if (skipTests) {
            command.add("-DskipTests");
        }
        command.add("verify");
        Path log = logs.resolve(build.name + ".log");
        ProcessBuilder processBuilder = new ProcessBuilder(command)
                .directory(project.directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        String opts = mavenOpts == null ? "" : mavenOpts.replace("{run}", build.name);
        if (agent != null) {
            opts = (opts + " " + agent + "=maven," + cpuFile).trim();
        }
        if (!opts.isEmpty()) {
            processBuilder.environment().put("MAVEN_OPTS", opts);
        }
        long[] collectorBefore = config.stanterprise() ? config.collector.count() : null;
        build.load = SimulatedBuild.loadAverage();
        double collectorCpuBefore = config.stanterprise() ? config.collector.cpuSeconds() : 0;
        // The children that ended and were waited for: the nested Maven JVM with its test JVMs,
        // which Maven waits for in turn; not the collectors, which run until the end. Much less
        // sensitive to the machine's load than wall time.
        double cpuBefore = ProcessCpu.childrenSeconds();
        long startMillis = System.currentTimeMillis();
        long start = System.nanoTime();
        Process process = processBuilder.start();
        int exit = process.waitFor();
        build.wallS = (System.nanoTime() - start) / 1e9;
        build.cpuS = ProcessCpu.childrenSeconds() - cpuBefore;
        if (exit != 0) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(System.err::println);
            throw new IllegalStateException(String.join(" ", command) + " exited with " + exit + "; see " + log);
        }
        readLog(log, build, startMillis);
        if (agent != null) {
            readCpu(cpuFile, build);
        }
        // a build that skips its tests prints no count (-1)
        long expected = skipTests ? -1 : project.tests;
        if (build.testsRun != expected) {
            throw new IllegalStateException(build.name + " ran " + build.testsRun + " tests, not "
                    + (skipTests ? "none" : Long.toString(project.tests)) + "; see " + log);
        }
        if (config.stanterprise()) {
            build.collectorCpuS = config.collector.cpuSeconds() - collectorCpuBefore;
            long[] collectorAfter = config.collector.count();
            build.collectorEvents = collectorAfter[0] - collectorBefore[0];
            build.collectorCalls = collectorAfter[1] + collectorAfter[2] - collectorBefore[1] - collectorBefore[2];
            String stats = Files.readString(reports.resolve("stats.json"), StandardCharsets.UTF_8);
            build.events = statistic(stats, "events");
            build.calls = statistic(stats, "calls");
            build.spooled = statistic(stats, "spooled");
            build.lost = statistic(stats, "lost");
        }
        return build;
    }

    /** {@link ProcessCpu}'s lines: one for Maven's JVM, one per test JVM. */
    private static void readCpu(Path file, Build build) throws IOException {
        double testCpu = 0;
        double testJit = 0;
        int testJvms = 0;
        for (ProcessCpu.Usage usage : ProcessCpu.read(file)) {
            if (usage.role.equals("maven")) {
                build.mavenCpuS = usage.cpuS;
                build.mavenJitS = usage.jitS;
            } else {
                testCpu += usage.cpuS;
                testJit += usage.jitS;
                testJvms++;
            }
        }
        if (testJvms > 0) {
            build.testJvmsCpuS = testCpu;
            build.testJvmsJitS = testJit;
        }
    }

    private static void readLog(Path log, Build build, long startMillis) throws IOException {
        // Maven prints the time of day in the default zone, which the nested JVM shares with this one
        LocalTime start = LocalTime.ofInstant(Instant.ofEpochMilli(startMillis), ZoneId.systemDefault());
        LocalTime scanning = null;
        LocalTime firstMojo = null;
        LocalTime testsBegin = null;
        LocalTime results = null;
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Matcher time = TIMESTAMP.matcher(line);
            LocalTime at = null;
            if (time.find()) {
                try {
                    at = LocalTime.parse(time.group(1));
                } catch (DateTimeParseException e) {
                    at = null;
                }
            }
            if (line.endsWith("[INFO] Scanning for projects...")) {
                scanning = at;
            } else if (line.contains("[INFO] --- ") && firstMojo == null) {
                firstMojo = at;
            } else if (line.contains(" T E S T S") && testsBegin == null) {
                testsBegin = at;
            } else if (line.endsWith("[INFO] Results:")) {
                results = at;
            } else if (line.contains("Compiling ")) {
                build.compiled = true;
            } else if (line.contains("Stanterprise: run ")) {
                build.summary = line.substring(line.indexOf("Stanterprise: run "));
            }
            Matcher tests = TESTS_RUN.matcher(line);
            if (tests.find() && results != null) {
                build.testsRun = Long.parseLong(tests.group(1));
            }
        }
        if (scanning != null && firstMojo != null) {
            build.bootS = seconds(start, scanning);
            build.projectReadS = seconds(scanning, firstMojo);
        }
        if (testsBegin != null && results != null) {
            build.beforeTestsS = seconds(start, testsBegin);
            build.testsS = seconds(testsBegin, results);
            build.afterTestsS = build.wallS - build.beforeTestsS - build.testsS;
        }
    }

    private static double seconds(LocalTime from, LocalTime to) {
        return Math.floorMod(ChronoUnit.MILLIS.between(from, to), 86_400_000L) / 1000.0;
    }

    private static long statistic(String json, String name) {
        Matcher value = Pattern.compile("\"" + name + "\":\\s*([-0-9.eE+]+)").matcher(json);
        if (!value.find()) {
            throw new IllegalStateException("no " + name + " in stats.json: " + json);
        }
        return Math.round(Double.parseDouble(value.group(1)));
    }

    private void printTable(List<Config> configs, long latency) {
        Config none = configs.stream().filter(c -> c.name.equals("none")).findFirst().orElse(null);
        double baseline = none == null ? Double.NaN : Median.of(none.builds, b -> b.wallS);
        double baselineCpu = none == null ? Double.NaN : Median.of(none.builds, b -> b.cpuS);
        System.out.printf(Locale.ROOT, "%nmedians of %d builds each; min and max of the wall time; cpu: the build's"
                + " processes (Maven and its test JVMs), not the collector's (own column), then Maven's JVM alone and"
                + " the test JVMs together, each with its JIT compiler threads' share%n%n", configs.get(0).builds.size());
        System.out.println("| config | median s | min s | max s | × none | cpu s | cpu × none | Maven JVM cpu s (JIT) | test JVMs cpu s (JIT)"
                + " | read s | tests s | after tests s | collector cpu s | RPCs per run | events per run | spooled | lost | load |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Config config : configs) {
            List<Build> builds = config.builds;
            double median = Median.of(builds, b -> b.wallS);
            double cpu = Median.of(builds, b -> b.cpuS);
            double[] loads = builds.stream().mapToDouble(b -> parse(b.load)).sorted().toArray();
            boolean plugin = config.stanterprise();
            System.out.printf(Locale.ROOT,
                    "| %s | %.2f | %.2f | %.2f | %.3f | %.2f | %.3f | %.2f (%.2f) | %.2f (%.2f) | %.2f | %.2f | %.2f | %s | %s | %s | %s | %s | %s |%n",
                    describe(config, latency), median, min(builds), max(builds), median / baseline, cpu,
                    cpu / baselineCpu, Median.of(builds, b -> b.mavenCpuS), Median.of(builds, b -> b.mavenJitS),
                    Median.of(builds, b -> b.testJvmsCpuS), Median.of(builds, b -> b.testJvmsJitS),
                    Median.of(builds, b -> b.projectReadS), Median.of(builds, b -> b.testsS),
                    Median.of(builds, b -> b.afterTestsS),
                    plugin ? String.format(Locale.ROOT, "%.2f", Median.of(builds, b -> b.collectorCpuS)) : "–",
                    plugin ? rpcs(builds) : "0",
                    plugin ? String.format(Locale.ROOT, "%,d", Math.round(Median.of(builds, b -> b.events))) : "–",
                    plugin ? String.valueOf(builds.stream().mapToLong(b -> b.spooled).sum()) : "–",
                    plugin ? String.valueOf(builds.stream().mapToLong(b -> b.lost).sum()) : "–",
                    loads.length == 0 ? "?" : String.format(Locale.ROOT, "%.1f–%.1f", loads[0], loads[loads.length - 1]));
        }
        System.out.println();
        for (Config config : configs) {
            if (config.stanterprise() && !config.builds.isEmpty()) {
                System.out.println(config.name + ": " + config.builds.get(config.builds.size() - 1).summary);
            }
        }
    }

    private static String describe(Config config, long latency) {
        switch (config.name) {
            case "none":
                return "no plugin";
            case "disabled":
                return "plugin, enabled=false";
            case "file":
                return "plugin, no endpoint (file sink)";
            case "batching":
                return "plugin, batching";
            case "unbatched":
                return "plugin, enableBatching=false";
            case "slow":
                return "plugin, batching, collector " + latency + " ms per call";
            default:
                return config.name;
        }
    }

    /** The extension's calls (stats.json), and the collector's count when it differs. */
    private static String rpcs(List<Build> builds) {
        long calls = Math.round(Median.of(builds, b -> b.calls));
        long seen = Math.round(Median.of(builds, b -> b.collectorCalls));
        return String.format(Locale.ROOT, "%,d", calls)
                + (seen == calls ? "" : String.format(Locale.ROOT, " (collector: %,d)", seen));
    }

    private static double min(List<Build> builds) {
        return builds.stream().mapToDouble(b -> b.wallS).min().orElse(Double.NaN);
    }

    private static double max(List<Build> builds) {
        return builds.stream().mapToDouble(b -> b.wallS).max().orElse(Double.NaN);
    }

    private static double parse(String load) {
        try {
            return Double.parseDouble(load);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String orDash(long value) {
        return value < 0 ? "–" : String.valueOf(value);
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var paths = Files.walk(path)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
