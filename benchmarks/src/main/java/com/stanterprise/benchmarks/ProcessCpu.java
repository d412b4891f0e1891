package com.stanterprise.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A Java agent for {@link WholeBuildBenchmark}'s nested builds and {@link TestJvmBenchmark}'s test
 * JVMs: when its JVM exits it appends one line to a file, {@code <role> <pid> <cpu ms> <jit ms>
 * <c2 ms> <main ms>}, the process's CPU time (user and system, every thread, those that ended
 * too), its JIT compiler threads', the part of that in C2's threads, and its main thread's (the
 * thread that runs a test JVM's tests). Which JVM of a build spends the CPU the extension adds,
 * Maven's or the test JVMs', and how much of it is compiling, is what the build's total cannot
 * say. Linux only ({@code /proc}); elsewhere it writes nothing.
 *
 * <p>Agent argument: {@code <role>,<file>}. {@link #jar} writes the agent's jar.
 */
public final class ProcessCpu {

    /** USER_HZ, the unit of /proc's times (getconf CLK_TCK): 100 on Linux on x86 and ARM. */
    private static final int CLOCK_TICKS = Integer.getInteger("clockTicks", 100);

    private ProcessCpu() {
    }

    public static void premain(String argument) {
        int comma = argument.indexOf(',');
        String role = argument.substring(0, comma);
        Path file = Path.of(argument.substring(comma + 1));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> write(role, file), "process-cpu"));
    }

    private static void write(String role, Path file) {
        try {
            long process = ticks(Path.of("/proc/self/stat"));
            long jit = 0;
            long c2 = 0;
            long main = 0;
            try (DirectoryStream<Path> threads = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
                for (Path thread : threads) {
                    try {
                        // The kernel keeps 15 characters of a thread's name; the main thread has the launcher's.
                        String name = Files.readString(thread.resolve("comm"), StandardCharsets.US_ASCII).trim();
                        if (name.contains("CompilerThre")) {
                            long used = ticks(thread.resolve("stat"));
                            jit += used;
                            c2 += name.startsWith("C2 ") ? used : 0;
                        } else if (name.equals("java")) {
                            main += ticks(thread.resolve("stat"));
                        }
                    } catch (IOException ended) {
                        // the thread ended while we looked
                    }
                }
            }
            String line = String.format("%s %d %d %d %d %d%n", role, ProcessHandle.current().pid(),
                    process * 1000 / CLOCK_TICKS, jit * 1000 / CLOCK_TICKS, c2 * 1000 / CLOCK_TICKS,
                    main * 1000 / CLOCK_TICKS);
            // One short write in append mode: the JVMs of a build that end at once do not mix their lines.
            Files.write(file, line.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException | RuntimeException notLinux) {
            // no /proc: nothing to say
        }
    }

    /** utime + stime of a /proc stat file, in clock ticks. */
    private static long ticks(Path stat) throws IOException {
        String[] fields = statFields(stat);
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** One JVM's line: its role ({@code maven}, {@code test}), its CPU, its JIT threads', C2's, its main thread's. */
    static final class Usage {
        final String role;
        final double cpuS;
        final double jitS;
        final double c2S;
        final double mainS;

        private Usage(String role, double cpuS, double jitS, double c2S, double mainS) {
            this.role = role;
            this.cpuS = cpuS;
            this.jitS = jitS;
            this.c2S = c2S;
            this.mainS = mainS;
        }
    }

    /** The lines the agents wrote to {@code file}; none when it does not exist (not Linux). */
    static List<Usage> read(Path file) throws IOException {
        List<Usage> usages = new ArrayList<>();
        if (!Files.exists(file)) {
            return usages;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            String[] fields = line.trim().split(" ");
            if (fields.length == 6) {
                usages.add(new Usage(fields[0], Long.parseLong(fields[2]) / 1000.0, Long.parseLong(fields[3]) / 1000.0,
                        Long.parseLong(fields[4]) / 1000.0, Long.parseLong(fields[5]) / 1000.0));
            }
        }
        return usages;
    }

    /**
     * The CPU time (user and system) of this JVM's children that ended and were waited for, in
     * seconds: cutime and cstime, the 16th and 17th fields of /proc/self/stat.
     */
    static double childrenSeconds() throws IOException {
        String[] fields = statFields(Path.of("/proc/self/stat"));
        return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / (double) CLOCK_TICKS;
    }

    /**
     * A /proc stat file's fields from the third (state) on: the second, the command, is in
     * parentheses and may hold spaces.
     */
    private static String[] statFields(Path stat) throws IOException {
        String text = Files.readString(stat, StandardCharsets.US_ASCII);
        return text.substring(text.lastIndexOf(')') + 2).split(" ");
    }

    /** Writes a jar holding only this agent, for {@code -javaagent:}. */
    static Path jar(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), ProcessCpu.class.getName());
        String entry = ProcessCpu.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             InputStream in = ProcessCpu.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }
}
