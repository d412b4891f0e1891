package com.stanterprise.maven.it;

import com.stanterprise.maven.collector.TestCollector;
import com.stanterprise.testsystem.v1.observer.Event;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static com.stanterprise.maven.it.RunChecks.oneOrderedRun;
import static com.stanterprise.maven.it.RunChecks.testOutcomes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Maven and its test JVMs on a JDK 24 or later (the first in /usr/lib/jvm; skipped without one),
 * reporting over TLS, so that gRPC's Netty sets up its transport and its TLS. From Java 24 on the
 * JVM prints a warning to the terminal when a library calls a restricted method such as
 * {@code System.loadLibrary} and the launcher did not allow it ({@code --enable-native-access};
 * Maven's launcher allows it from 3.9.10 on, not before), and the build must show none that comes
 * from the extension.
 */
class NewerJavaIT {

    @Test
    void reportsOverTlsWithoutAWarningFromTheJvm() throws Exception {
        Path jdk = NewerJdk.home();
        assumeTrue(jdk != null, "no JDK 24 or later in /usr/lib/jvm");
        try (TestCollector collector = TestCollector.startTls()) {
            NestedBuild.Result build = NestedBuild.of("demo")
                    .java(jdk)
                    .args("-V", "-Dstanterprise.endpoint=" + collector.endpoint(), "-Dstanterprise.tls=true",
                            "-Dstanterprise.trustCertCollectionFile=" + TestCollector.certificate().toAbsolutePath(),
                            "verify")
                    .run();

            assertEquals(0, build.exitCode, build.toString());
            assertTrue(build.log.contains("runtime: " + jdk), "Maven ran on " + jdk + ": " + build);
            assertTrue(build.log.contains("Stanterprise: collector " + collector.endpoint() + " is up"), build.toString());
            List<Event> events = collector.events();
            oneOrderedRun(events);
            assertEquals(7, testOutcomes(events).size(), "the demo's tests");

            // Maven's own jars may earn some (3.6's jansi, 3.8's Guava): not the extension's.
            assertEquals(List.of(), NewerJdk.callersOutsideMaven(build), build.toString());
        }
    }
}
