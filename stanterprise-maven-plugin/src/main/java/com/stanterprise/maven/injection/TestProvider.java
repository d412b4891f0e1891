package com.stanterprise.maven.injection;

import org.apache.maven.artifact.Artifact;

import java.util.Collection;

/**
 * Which Surefire provider will run a project's tests, as far as the extension needs to know:
 * the JUnit Platform one (our platform listener reports), the junit4/junit47 one (our JUnit 4
 * listener, named in the provider's {@code listener} property, reports) or the testng one (our
 * TestNG listener, named in the same property, reports). Surefire picks the platform provider
 * when a JUnit Platform engine is on the test classpath, else TestNG's when TestNG is, else
 * JUnit 4's when JUnit 4 is, and from 3.6 always the platform one.
 */
public enum TestProvider {

    PLATFORM(null),
    JUNIT4("com.stanterprise.listener.StanterpriseJUnit4Listener"),
    TESTNG("com.stanterprise.listener.StanterpriseTestNGListener");

    /** The listener class to name in Surefire's {@code listener} property; null: none. */
    final String listener;

    TestProvider(String listener) {
        this.listener = listener;
    }

    public static TestProvider of(Collection<Artifact> testArtifacts, String surefireVersion) {
        if (atLeast36(surefireVersion)) {
            return PLATFORM;
        }
        boolean junit4 = false;
        boolean testng = false;
        for (Artifact artifact : testArtifacts) {
            String group = artifact.getGroupId();
            if (group.startsWith("org.junit.platform") || group.startsWith("org.junit.jupiter")
                    || group.startsWith("org.junit.vintage") || group.equals("org.junit.support")) {
                return PLATFORM;
            }
            if ("org.testng".equals(group) && "testng".equals(artifact.getArtifactId())) {
                testng = true;
            }
            if ("junit".equals(group) && "junit".equals(artifact.getArtifactId())) {
                junit4 = true;
            }
        }
        return testng ? TESTNG : junit4 ? JUNIT4 : PLATFORM;
    }

    static boolean isJUnit4(Collection<Artifact> testArtifacts, String surefireVersion) {
        return of(testArtifacts, surefireVersion) == JUNIT4;
    }

    private static boolean atLeast36(String version) {
        if (version == null) {
            return false;
        }
        String[] parts = version.split("[.-]");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return major > 3 || (major == 3 && minor >= 6);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
