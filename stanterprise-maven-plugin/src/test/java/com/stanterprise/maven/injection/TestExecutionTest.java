package com.stanterprise.maven.injection;

import org.apache.maven.model.Plugin;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TestExecutionTest {

    private static final String SUREFIRE = "maven-surefire-plugin";
    private static final String FAILSAFE = "maven-failsafe-plugin";

    private final MavenProject project = project("com.example", "ledger-api");

    private static MavenProject project(String groupId, String artifactId) {
        MavenProject project = new MavenProject();
        project.setGroupId(groupId);
        project.setArtifactId(artifactId);
        return project;
    }

    private static MojoExecution mojo(String groupId, String artifactId, String version, String goal,
                                      String executionId) {
        Plugin plugin = new Plugin();
        plugin.setGroupId(groupId);
        plugin.setArtifactId(artifactId);
        plugin.setVersion(version);
        return new MojoExecution(plugin, goal, executionId);
    }

    private static MojoExecution mojo(String artifactId, String version, String goal, String executionId) {
        return mojo("org.apache.maven.plugins", artifactId, version, goal, executionId);
    }

    @Test
    void surefireTestIsATestExecution() {
        TestExecution execution = TestExecution.of(project, mojo(SUREFIRE, "3.5.4", "test", "default-test"));

        assertNotNull(execution);
        assertEquals("ledger-api (surefire:test)", execution.suiteName);
        assertEquals("com.example:ledger-api", execution.project);
        assertEquals("3.5.4", execution.pluginVersion);
        assertEquals("com.example:ledger-api:maven-surefire-plugin:test:default-test", execution.key);
    }

    @Test
    void failsafeIntegrationTestIsATestExecution() {
        TestExecution execution = TestExecution.of(project,
                mojo(FAILSAFE, "3.5.4", "integration-test", "default-integration-test"));

        assertNotNull(execution);
        assertEquals("ledger-api (failsafe:integration-test)", execution.suiteName);
    }

    @Test
    void aNamedExecutionIsShownAfterTheGoal() {
        TestExecution execution = TestExecution.of(project, mojo(FAILSAFE, "3.5.4", "integration-test", "slow"));

        assertNotNull(execution);
        assertEquals("ledger-api (failsafe:integration-test@slow)", execution.suiteName);
        assertEquals("com.example:ledger-api:maven-failsafe-plugin:integration-test:slow", execution.key);
    }

    @Test
    void aCommandLineExecutionIsShownWithoutAnId() {
        TestExecution execution = TestExecution.of(project, mojo(SUREFIRE, "3.5.4", "test", "default-cli"));

        assertEquals("ledger-api (surefire:test)", execution.suiteName);
    }

    @Test
    void anExecutionDeclaredWithoutAnIdIsShownWithoutOne() {
        // <execution> without <id> in the pom: Maven calls it "default"
        TestExecution execution = TestExecution.of(project, mojo(FAILSAFE, "3.5.4", "integration-test", "default"));

        assertEquals("ledger-api (failsafe:integration-test)", execution.suiteName);
    }

    @Test
    void anIdThatOnlyStartsWithDefaultIsShown() {
        TestExecution execution = TestExecution.of(project, mojo(SUREFIRE, "3.5.4", "test", "defaults"));

        assertEquals("ledger-api (surefire:test@defaults)", execution.suiteName);
    }

    @Test
    void executionsOfOneModuleHaveDistinctKeys() {
        TestExecution unit = TestExecution.of(project, mojo(SUREFIRE, "3.5.4", "test", "default-test"));
        TestExecution fast = TestExecution.of(project, mojo(FAILSAFE, "3.5.4", "integration-test", "fast"));
        TestExecution slow = TestExecution.of(project, mojo(FAILSAFE, "3.5.4", "integration-test", "slow"));
        TestExecution otherModule = TestExecution.of(project("com.example", "ledger-core"),
                mojo(SUREFIRE, "3.5.4", "test", "default-test"));

        assertNotEquals(unit.key, fast.key);
        assertNotEquals(fast.key, slow.key);
        assertNotEquals(unit.key, otherModule.key);
    }

    @Test
    void failsafeVerifyIsNot() {
        assertNull(TestExecution.of(project, mojo(FAILSAFE, "3.5.4", "verify", "default-verify")));
    }

    @Test
    void surefireHelpIsNot() {
        assertNull(TestExecution.of(project, mojo(SUREFIRE, "3.5.4", "help", "default-cli")));
    }

    @Test
    void otherPluginsAreNot() {
        assertNull(TestExecution.of(project, mojo("maven-compiler-plugin", "3.14.0", "testCompile",
                "default-testCompile")));
        assertNull(TestExecution.of(project, mojo("maven-surefire-report-plugin", "3.5.4", "report", "default-cli")));
    }

    @Test
    void aPluginWithTheSameNameFromAnotherGroupIsNot() {
        assertNull(TestExecution.of(project, mojo("com.example.forks", SUREFIRE, "3.5.4", "test", "default-test")));
    }

    @ParameterizedTest
    @CsvSource({
            "2.12.4, false",
            "2.22.2, false",
            "3.0.0-M5, true",
            "3.5.4, true",
            "4.0.0, true",
    })
    void supportedVersions(String version, boolean supported) {
        TestExecution execution = TestExecution.of(project, mojo(SUREFIRE, version, "test", "default-test"));

        assertEquals(supported, execution.supportedVersion(), version);
    }

    @Test
    void anUnreadableVersionIsUnsupported() {
        assertFalse(TestExecution.of(project, mojo(SUREFIRE, null, "test", "default-test")).supportedVersion());
        assertFalse(TestExecution.of(project, mojo(SUREFIRE, "${surefire.version}", "test", "default-test"))
                .supportedVersion());
    }

    @Test
    void majorVersion() {
        assertEquals(3, TestExecution.majorVersion("3.0.0-M5"));
        assertEquals(2, TestExecution.majorVersion("2.12.4"));
        assertEquals(3, TestExecution.majorVersion("3"));
        assertEquals(-1, TestExecution.majorVersion("M3"));
        assertEquals(-1, TestExecution.majorVersion(null));
        assertTrue(TestExecution.majorVersion("3.5.4") >= 3);
    }
}
