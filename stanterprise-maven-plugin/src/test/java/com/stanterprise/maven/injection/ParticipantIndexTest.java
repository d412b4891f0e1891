package com.stanterprise.maven.injection;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Maven finds the lifecycle participant only through Sisu's index, which javac writes while it
 * compiles the plugin, by running Sisu's annotation processor. Without the index the extension is
 * loaded and does nothing, without a word. From JDK 23 on javac runs no processor it finds on
 * the class path unless told to, so the plugin's pom names it: this fails when a build of the
 * plugin left the index out.
 */
class ParticipantIndexTest {

    @Test
    void theCompiledPluginListsItsLifecycleParticipantInSisusIndex() throws IOException {
        List<String> indexed = new ArrayList<>();
        for (URL index : Collections.list(getClass().getClassLoader().getResources("META-INF/sisu/javax.inject.Named"))) {
            try (InputStream in = index.openStream()) {
                indexed.add(index + ": " + new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
            }
        }
        assertTrue(indexed.stream().anyMatch(entry -> entry.contains("/stanterprise-maven-plugin/target/classes/")
                        && entry.contains(StanterpriseLifecycleParticipant.class.getName())),
                "the plugin's own Sisu index, in target/classes, names " + StanterpriseLifecycleParticipant.class.getName()
                        + "; indexes on the class path: " + indexed);
    }
}
