package com.stanterprise.maven.configuration;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class MisspeltPropertiesTest {

    @Test
    void aNearMissNamesTheParameterMeant() {
        Properties properties = new Properties();
        properties.setProperty("stanterprise.endpont", "localhost:50051");
        properties.setProperty("stanterprise.batchsize", "10");
        properties.setProperty("stanterprise.endpoint", "localhost:50051");

        List<String> warnings = MisspeltProperties.ofCommandLine(properties);

        assertEquals(List.of(
                "Stanterprise: -Dstanterprise.batchsize is not a parameter, so nothing reads it; did you mean"
                        + " stanterprise.batchSize?",
                "Stanterprise: -Dstanterprise.endpont is not a parameter, so nothing reads it; did you mean"
                        + " stanterprise.endpoint?"), warnings);
    }

    /** A pom may keep the plugin's version, or anything of its own, under the prefix. */
    @Test
    void aPropertyFarFromEveryParameterIsNoMistake() {
        Properties properties = new Properties();
        properties.setProperty("stanterprise.version", "0.1.0");
        properties.setProperty("stanterprise.collector.host", "ci");
        properties.setProperty("surefire.endpont", "x");

        assertEquals(Collections.emptyList(), MisspeltProperties.ofPom(properties));
        properties.setProperty("stanterprise.spoolDirectroy", "spool");
        assertEquals(List.of("Stanterprise: <stanterprise.spoolDirectroy> in the pom's <properties> is not a parameter,"
                + " so nothing reads it; did you mean stanterprise.spoolDirectory?"), MisspeltProperties.ofPom(properties));
    }

    @Test
    void everyParameterIsItselfAndTwoEditsAwayIsStillNear() {
        for (String parameter : Parameters.ALL) {
            assertNull(MisspeltProperties.meant(parameter), parameter);
        }
        assertEquals("maxRetries", MisspeltProperties.meant("maxRetires"));
        assertEquals("tls", MisspeltProperties.meant("tsl"));
        assertNull(MisspeltProperties.meant("enabledBatch"));
        assertEquals(3, MisspeltProperties.edits("kitten", "sitting"));
        assertEquals(0, MisspeltProperties.edits("", ""));
        assertEquals(4, MisspeltProperties.edits("", "abcd"));
    }
}
