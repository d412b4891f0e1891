package com.stanterprise.maven.it;

import com.stanterprise.maven.collector.TestCollector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The extension under other Maven releases than the one running this build: the oldest the
 * plugin names as its prerequisite, the newest 3.x and Maven 4's release candidate (the
 * plugin's pom names them; its pre-integration-test phase unpacks them from Maven Central).
 * Each runs the same JUnit 5 tests through Surefire and Failsafe in one build, and the collector
 * must hold what both plugins' own XML reports count.
 */
class MavenVersionsIT {

    static List<String> versions() {
        return Arrays.asList(System.getProperty("stanterprise.it.mavenVersions").split(","));
    }

    @ParameterizedTest(name = "Maven {0}")
    @MethodSource("versions")
    void reportsWhatSurefireAndFailsafeReport(String version) throws Exception {
        Path home = Paths.get(System.getProperty("stanterprise.it.mavens")).resolve("apache-maven-" + version);
        assertTrue(Files.isDirectory(home), home + " should have been unpacked by the pre-integration-test phase");
        try (TestCollector collector = TestCollector.start()) {
            NestedBuild.Result result = NestedBuild.of("junit5-kinds")
                    .maven(home)
                    .args("-V", "-Dstanterprise.endpoint=" + collector.endpoint(), "-Dmaven.test.failure.ignore=true",
                            "-Dit.test=KindsTest*,OutputTest", "verify",
                            "org.apache.maven.plugins:maven-failsafe-plugin:3.5.4:integration-test")
                    .run();
            assertEquals(0, result.exitCode, result.toString());
            assertTrue(result.log.contains("Apache Maven " + version + " "), "built by Maven " + version + ": " + result);
            SurefireVersionsIT.bothPluginsReported(result, collector.events());
            // Not always the last line: Maven 4 prints a test's unterminated line of output after it.
            assertTrue(result.log.contains("[INFO] Stanterprise: run "), "the build's summary: " + result);
        }
    }
}
