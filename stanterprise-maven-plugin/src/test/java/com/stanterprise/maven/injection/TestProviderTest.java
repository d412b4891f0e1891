package com.stanterprise.maven.injection;

import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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

    @Test
    void testNgWithoutAPlatformEngineRunsOnTheTestNgProviderBefore36() {
        Artifact testng = artifact("org.testng", "testng");
        assertEquals(TestProvider.TESTNG, TestProvider.of(Collections.singletonList(testng), "3.5.4"));
        assertEquals(TestProvider.TESTNG, TestProvider.of(Arrays.asList(JUNIT4, testng), "3.5.4"),
                "Surefire prefers TestNG's provider over JUnit 4's");
        assertEquals(TestProvider.PLATFORM, TestProvider.of(Collections.singletonList(testng), "3.6.0"));
        assertEquals(TestProvider.PLATFORM, TestProvider.of(
                Arrays.asList(testng, artifact("org.junit.support", "testng-engine")), "3.5.4"), "the TestNG engine");
        assertEquals(TestProvider.JUNIT4, TestProvider.of(Collections.singletonList(JUNIT4), "3.5.4"));
        assertEquals(TestProvider.PLATFORM, TestProvider.of(
                Collections.singletonList(artifact("org.assertj", "assertj-core")), "3.5.4"));
    }

    @Test
    void eachProviderNamesItsListener() {
        assertNull(TestProvider.PLATFORM.listener);
        assertEquals("com.stanterprise.listener.StanterpriseJUnit4Listener", TestProvider.JUNIT4.listener);
        assertEquals("com.stanterprise.listener.StanterpriseTestNGListener", TestProvider.TESTNG.listener);
    }
}
