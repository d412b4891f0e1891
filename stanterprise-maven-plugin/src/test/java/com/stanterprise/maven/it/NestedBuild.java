package com.stanterprise.maven.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real, nested {@code mvn} on a copy of a project from {@code src-it/}, using the plugin this
 * build just installed into the local repository.
 */
final class NestedBuild {

    private static final AtomicInteger COPIES = new AtomicInteger();
    private static final AtomicInteger RUNS = new AtomicInteger();

    final Path directory;
    private final List<String> arguments = new ArrayList<>();
    /** The Maven that runs the build: the one running these tests, unless {@link #maven} names another. */
    private Path mavenHome = Paths.get(property("maven.home"));
    /** The JDK that runs Maven and its test JVMs: this one's JAVA_HOME, unless {@link #java} names another. */
    private Path javaHome;

    private NestedBuild(Path directory) {
        this.directory = directory;
    }

    /** A fresh copy of {@code src-it/<project>}, so that every build starts clean. */
    static NestedBuild of(String project) {
        Path source = Paths.get(property("stanterprise.it.projects")).resolve(project);
        Path target = Paths.get(property("stanterprise.it.work")).resolve(project + "-" + COPIES.incrementAndGet());
        delete(target); // left by an earlier build of the plugin that was not cleaned
        copy(source, target);
        return new NestedBuild(target);
    }

    /** Another build in a project directory an earlier build used (to replay its spool, say). */
    static NestedBuild in(Path directory) {
        return new NestedBuild(directory);
    }

    /** Runs the build with the Maven installed in {@code home} instead of the one running these tests. */
    NestedBuild maven(Path home) {
        mavenHome = home;
        return this;
    }

    /** Runs Maven, and so the test JVMs Surefire forks, on the JDK in {@code home}. */
    NestedBuild java(Path home) {
        javaHome = home;
        return this;
    }

    NestedBuild args(String... more) {
        arguments.addAll(Arrays.asList(more));
        return this;
    }

    Result run() {
        return start().await();
    }

    /** Starts the build and returns at once, for tests that act on the collector meanwhile. */
    Running start() {
        List<String> command = new ArrayList<>();
        Path mvn = mavenHome.resolve("bin").resolve("mvn");
        if (!Files.isExecutable(mvn)) {
            command.add("sh"); // an unpacked distribution whose archive did not keep the file's mode
        }
        command.add(mvn.toString());
        command.add("-B");
        command.add("-e");
        command.add("-Dstyle.color=never");
        command.add("-Dmaven.repo.local=" + property("stanterprise.it.localRepository"));
        command.add("-Dstanterprise.version=" + property("stanterprise.it.version"));
        command.addAll(arguments);
        Path log = directory.resolve("build-" + RUNS.incrementAndGet() + ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            if (javaHome != null) {
                builder.environment().put("JAVA_HOME", javaHome.toString());
            }
            Process process = builder.start();
            return new Running(process, log, directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A build under way. */
    static final class Running {
        private final Process process;
        private final Path log;
        private final Path directory;

        Running(Process process, Path log, Path directory) {
            this.process = process;
            this.log = log;
            this.directory = directory;
        }

        /** What Ctrl-C does to Maven: SIGTERM, shutdown hooks run. */
        void interrupt() {
            process.destroy();
        }

        Result await() {
            try {
                if (!process.waitFor(10, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    throw new AssertionError("the nested build did not end within 10 minutes: " + log);
                }
                return new Result(process.exitValue(), new String(Files.readAllBytes(log), StandardCharsets.UTF_8),
                        directory, log);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    static final class Result {
        final int exitCode;
        final String log;
        final Path directory;
        final Path logFile;

        Result(int exitCode, String log, Path directory, Path logFile) {
            this.exitCode = exitCode;
            this.log = log;
            this.directory = directory;
            this.logFile = logFile;
        }

        /** The build log's last non-empty line. */
        String lastLine() {
            String[] lines = log.replaceAll("\u001B\\[[;\\d]*m", "").trim().split("\\R");
            return lines[lines.length - 1];
        }

        @Override
        public String toString() {
            return "exit " + exitCode + ", log in " + logFile;
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("system property " + name + " is not set: run through Failsafe");
        }
        return value;
    }

    private static void delete(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(Path source, Path target) {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = source.relativize(file);
                if (relative.toString().startsWith("target") || relative.toString().contains("/target")) {
                    continue;
                }
                Path destination = target.resolve(relative.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(file, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
