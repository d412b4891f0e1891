package com.stanterprise.maven.it;

import com.stanterprise.maven.collector.TestCollector;
import com.stanterprise.testsystem.v1.observer.Event;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.stanterprise.maven.it.RunChecks.oneOrderedRun;
import static com.stanterprise.maven.it.RunChecks.testOutcomes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A build that reports to a collector over TLS, trusting the collector's certificate from a file,
 * with a token from a settings.xml server that the collector receives and no log or file shows.
 */
class TlsIT {

    @Test
    void reportsOverTlsWithTheSettingsTokenThatNoLogShows() throws Exception {
        String token = "stp_" + UUID.randomUUID().toString().replace("-", "");
        try (TestCollector collector = TestCollector.startTls()) {
            NestedBuild project = NestedBuild.of("demo");
            Path certificate = project.directory.resolve("tls/collector.pem");
            Files.createDirectories(certificate.getParent());
            Files.copy(TestCollector.certificate(), certificate, StandardCopyOption.REPLACE_EXISTING);
            Path settings = project.directory.resolve("settings.xml");
            Files.write(settings, settings("stanterprise", token).getBytes(StandardCharsets.UTF_8));

            // -X: the debug log, a superset of the normal one, must not show the token either
            NestedBuild.Result build = project
                    .args("-X", "-s", settings.toString(),
                            "-Dstanterprise.endpoint=" + collector.endpoint(),
                            "-Dstanterprise.tls=true",
                            "-Dstanterprise.trustCertCollectionFile=tls/collector.pem", // relative to the project
                            "verify", "stanterprise:config")
                    .run();

            assertEquals(0, build.exitCode, build.toString());
            assertTrue(build.log.contains("[DEBUG]"), "a debug log: " + build);
            assertTrue(build.log.contains("Stanterprise: collector " + collector.endpoint() + " is up"), build.toString());

            List<Event> events = collector.events();
            oneOrderedRun(events);
            assertEquals(7, testOutcomes(events).size(), "the demo's tests");

            assertFalse(collector.authorizations().isEmpty());
            assertEquals(Set.of("Bearer " + token), Set.copyOf(collector.authorizations()), "every call carried the token");
            assertEquals(0, collector.callsWithoutAuthorization());

            assertTrue(build.log.contains("tls                  true"), build.toString());
            assertTrue(build.log.contains("trustCertCollectionFile " + certificate.toAbsolutePath()), build.toString());
            assertTrue(build.log.contains("token                from settings.xml server 'stanterprise'"),
                    build.toString());

            assertFalse(build.log.contains(token), "the token is in the build log " + build.logFile);
            assertEquals(List.of(), filesHolding(project.directory, token, settings),
                    "files that hold the token, besides settings.xml");
        }
    }

    private static String settings(String serverId, String token) {
        return "<settings>\n"
                + "  <servers>\n"
                + "    <server>\n"
                + "      <id>" + serverId + "</id>\n"
                + "      <password>" + token + "</password>\n"
                + "    </server>\n"
                + "  </servers>\n"
                + "</settings>\n";
    }

    /** Every file of the project (build logs, target/, Surefire's reports) that holds {@code text}. */
    private static List<Path> filesHolding(Path project, String text, Path except) throws IOException {
        try (Stream<Path> files = Files.walk(project)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> !file.equals(except))
                    .filter(file -> {
                        try {
                            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .collect(Collectors.toList());
        }
    }
}
