package com.stanterprise.maven.injection;

import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.project.MavenProject;

/**
 * A Surefire {@code test} or Failsafe {@code integration-test} execution in one module: what the
 * extension reports as a PROJECT suite and injects its listener into.
 */
public final class TestExecution {

    private static final String GROUP_ID = "org.apache.maven.plugins";
    private static final String SUREFIRE = "maven-surefire-plugin";
    private static final String FAILSAFE = "maven-failsafe-plugin";

    /** Names one execution in one module of one build; forks carry it back in their hello. */
    public final String key;
    /** What users see, like {@code ledger-api (surefire:test)}. */
    public final String suiteName;
    public final String project;
    public final String pluginVersion;

    private TestExecution(String key, String suiteName, String project, String pluginVersion) {
        this.key = key;
        this.suiteName = suiteName;
        this.project = project;
        this.pluginVersion = pluginVersion;
    }

    /** Null when the mojo runs no tests through Surefire or Failsafe. */
    public static TestExecution of(MavenProject project, MojoExecution mojo) {
        if (!GROUP_ID.equals(mojo.getGroupId())) {
            return null;
        }
        String prefix;
        if (SUREFIRE.equals(mojo.getArtifactId()) && "test".equals(mojo.getGoal())) {
            prefix = "surefire";
        } else if (FAILSAFE.equals(mojo.getArtifactId()) && "integration-test".equals(mojo.getGoal())) {
            prefix = "failsafe";
        } else {
            return null;
        }
        String executionId = mojo.getExecutionId();
        String goal = prefix + ":" + mojo.getGoal();
        if (executionId != null && !executionId.equals("default") && !executionId.startsWith("default-")) {
            goal += "@" + executionId;
        }
        String key = project.getGroupId() + ":" + project.getArtifactId() + ":" + mojo.getArtifactId() + ":"
                + mojo.getGoal() + ":" + executionId;
        return new TestExecution(key, project.getArtifactId() + " (" + goal + ")",
                project.getGroupId() + ":" + project.getArtifactId(), mojo.getVersion());
    }

    /** Where the plugin writes its XML reports unless told otherwise, under the build directory. */
    public String defaultReportsFolder() {
        return key.contains(":" + FAILSAFE + ":") ? "failsafe-reports" : "surefire-reports";
    }

    /** Surefire and Failsafe 3.x are supported; older ones run unreported. */
    public boolean supportedVersion() {
        return majorVersion(pluginVersion) >= 3;
    }

    static int majorVersion(String version) {
        if (version == null) {
            return -1;
        }
        int dot = version.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
