package com.stanterprise.maven.injection;

import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TestProviderTest {

    private static Artifact artifact(String groupId, String artifactId) {
        return new DefaultArtifact(groupId, artifactId, "1.0", "test", "jar", null, new DefaultArtifactHandler("jar"));
    }

    private static final Artifact JUNIT4 = artifact("junit", "junit");

    @Test
    void junit4AloneRunsOnTheJUnit4ProviderBefore36() {
        assertTrue(TestProvider.isJUnit4(Collections.singletonList(JUNIT4), "3.5.4"));
        assertTrue(TestProvider.isJUnit4(Collections.singletonList(JUNIT4), "3.0.0-M5"));
    }

    @Test
    void fromSurefire36EverythingRunsOnThePlatform() {
        // The 3.6 platform provider loads the listener property's classes: naming our JUnit 4
        // listener there kills a Jupiter-only fork.
        assertFalse(TestProvider.isJUnit4(Collections.singletonList(JUNIT4), "3.6.0"));
        assertFalse(TestProvider.isJUnit4(Collections.singletonList(JUNIT4), "3.6.1"));
        assertFalse(TestProvider.isJUnit4(Collections.singletonList(JUNIT4), "4.0.0-M1"));
    }

    @Test
    void aPlatformEngineOrTestNgPicksAnotherProvider() {
        for (Artifact other : Arrays.asList(artifact("org.junit.vintage", "junit-vintage-engine"),
                artifact("org.junit.jupiter", "junit-jupiter-engine"), artifact("org.junit.platform", "junit-platform-launcher"),
                artifact("org.junit.support", "testng-engine"), artifact("org.testng", "testng"))) {
            List<Artifact> artifacts = Arrays.asList(JUNIT4, other);
            assertFalse(TestProvider.isJUnit4(artifacts, "3.5.4"), other.toString());
        }
    }

    @Test
    void noJUnit4NoJUnit4Provider() {
        assertFalse(TestProvider.isJUnit4(Collections.singletonList(artifact("org.assertj", "assertj-core")), "3.5.4"));
    }
}
