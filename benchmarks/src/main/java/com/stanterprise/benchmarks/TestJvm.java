package com.stanterprise.benchmarks;

import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The main of {@link TestJvmBenchmark}'s test JVMs: runs its share of a generated project's
 * test classes (every {@code forks}-th, from {@code fork}) on the JUnit Platform, as a Surefire
 * fork does, with whatever listeners the classpath registers. Exits 1 unless every test passed.
 *
 * <p>Arguments: {@code <test classes directory> <fork> <forks>}.
 */
public final class TestJvm {

    private TestJvm() {
    }

    public static void main(String[] args) throws IOException {
        Path classes = Path.of(args[0]);
        int fork = Integer.parseInt(args[1]);
        int forks = Integer.parseInt(args[2]);
        List<String> names;
        try (Stream<Path> files = Files.list(classes.resolve("generated"))) {
            names = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith("Test.class"))
                    .sorted()
                    .map(name -> "generated." + name.substring(0, name.length() - ".class".length()))
                    .collect(Collectors.toList());
        }
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        for (int i = fork; i < names.size(); i += forks) {
            request.selectors(DiscoverySelectors.selectClass(names.get(i)));
        }
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(request.build(), summary);
        TestExecutionSummary result = summary.getSummary();
        if (result.getTestsSucceededCount() == 0 || result.getTotalFailureCount() > 0) {
            System.err.println("tests: " + result.getTestsSucceededCount() + " passed, "
                    + result.getTotalFailureCount() + " failed");
            System.exit(1);
        }
    }
}
