package com.stanterprise.maven.injection;

import org.apache.maven.artifact.Artifact;

import java.util.Collection;

/**
 * Which Surefire provider will run a project's tests, as far as the extension needs to know:
 * the JUnit Platform one (our platform listener reports) or the junit4/junit47 one (our JUnit 4
 * listener, named in the provider's {@code listener} property, reports). Surefire picks the
 * platform provider when a JUnit Platform engine is on the test classpath, TestNG's when TestNG
 * is, and from 3.6 always the platform one.
 */
final class TestProvider {

    private TestProvider() {
    }

    static boolean isJUnit4(Collection<Artifact> testArtifacts, String surefireVersion) {
        if (atLeast36(surefireVersion)) {
            return false;
        }
        boolean junit4 = false;
        for (Artifact artifact : testArtifacts) {
            String group = artifact.getGroupId();
            if (group.startsWith("org.junit.platform") || group.startsWith("org.junit.jupiter")
                    || group.startsWith("org.junit.vintage") || group.equals("org.junit.support")
                    || group.equals("org.testng")) {
                return false;
            }
            if ("junit".equals(group) && "junit".equals(artifact.getArtifactId())) {
                junit4 = true;
            }
        }
        return junit4;
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
