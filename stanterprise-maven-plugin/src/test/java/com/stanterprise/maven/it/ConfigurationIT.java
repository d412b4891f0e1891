package com.stanterprise.maven.it;

import com.stanterprise.maven.collector.TestCollector;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The extension and {@code stanterprise:config} read the configuration from the same places. */
class ConfigurationIT {

    @Test
    void thePomsPropertiesConfigureTheExtensionAndConfigPrintsWhatItUses() throws Exception {
        try (TestCollector collector = TestCollector.start()) {
            NestedBuild project = NestedBuild.of("demo");
            Path pom = project.directory.resolve("pom.xml");
            String text = new String(Files.readAllBytes(pom), StandardCharsets.UTF_8);
            Files.write(pom, text.replaceFirst("<properties>",
                    "<properties>\n    <stanterprise.enabled>false</stanterprise.enabled>"
                            + "\n    <stanterprise.batchSize>77</stanterprise.batchSize>").getBytes(StandardCharsets.UTF_8));

            NestedBuild.Result build = project
                    .args("-Dstanterprise.endpoint=" + collector.endpoint(), "verify", "stanterprise:config")
                    .run();

            assertEquals(0, build.exitCode, build.toString());
            assertTrue(build.log.contains("Stanterprise: reporting is off (enabled=false)."), build.toString());
            assertEquals(0, collector.events().size(), "nothing reported");
            assertTrue(build.log.contains("enabled              false"), build.toString());
            assertTrue(build.log.contains("batchSize            77"), build.toString());
            assertTrue(build.log.contains("endpoint             " + collector.endpoint()), build.toString());
        }
    }
}
