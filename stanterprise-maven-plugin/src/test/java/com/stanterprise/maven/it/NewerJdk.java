package com.stanterprise.maven.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A JDK 24 or later beside the one running the tests, and the warnings such a JVM prints itself
 * (to stderr, without Maven's {@code [LEVEL]}) when a library calls {@code sun.misc.Unsafe}'s
 * memory methods or a restricted method such as {@code System.loadLibrary}.
 */
final class NewerJdk {

    private static final Pattern VERSION = Pattern.compile("JAVA_VERSION=\"(\\d+)");

    private NewerJdk() {
    }

    /** The home of a JDK of version 24 or later in /usr/lib/jvm, as on the project's machines; null when there is none. */
    static Path home() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            for (Path home : (Iterable<Path>) homes.sorted()::iterator) {
                Path release = home.resolve("release");
                if (Files.isRegularFile(release) && Files.isExecutable(home.resolve("bin/java"))) {
                    Matcher version = VERSION.matcher(Files.readString(release));
                    if (version.find() && Integer.parseInt(version.group(1)) >= 24) {
                        return home;
                    }
                }
            }
        }
        return null;
    }

    /**
     * The lines of the JVM's warnings in a build log run with {@code -V} that name who made the
     * call ({@code … has been called by <class> … (file:<jar>)}), but for Maven's own jars (its
     * home's lib/: Maven 3.8's Guava earns one on Java 24 and later, whatever the build runs).
     */
    static List<String> callersOutsideMaven(NestedBuild.Result build) {
        String[] lines = build.log.split("\\R");
        String mavenLib = Arrays.stream(lines)
                .filter(line -> line.startsWith("Maven home: "))
                .map(line -> "(file:" + line.substring("Maven home: ".length()).trim() + "/lib/")
                .findFirst()
                .orElseThrow(() -> new AssertionError("no 'Maven home:' line: run the build with -V, " + build));
        return Arrays.stream(lines)
                .filter(line -> line.startsWith("WARNING: ") && line.contains(" has been called by "))
                .filter(line -> !line.contains(mavenLib))
                .collect(Collectors.toList());
    }
}
