package com.stanterprise.maven.injection;

import com.stanterprise.maven.BuildReporting;
import com.stanterprise.maven.configuration.Configuration;
import com.stanterprise.maven.configuration.ConfigurationException;
import com.stanterprise.maven.configuration.MisspeltProperties;
import com.stanterprise.maven.configuration.SessionConfiguration;
import com.stanterprise.maven.configuration.SettingsServers;
import org.apache.maven.AbstractMavenLifecycleParticipant;
import org.apache.maven.MavenExecutionException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.inject.Inject;
import javax.inject.Named;
import javax.inject.Singleton;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The build extension's entry point. After the projects are read it checks the configuration
 * (stopping the build, before any test runs, on a bad value), starts this build's reporting and
 * puts a listener in front of Maven's execution events; after the session it ends the run and
 * drains what is left, whether the build passed or failed.
 */
@Named("stanterprise")
@Singleton
public final class StanterpriseLifecycleParticipant extends AbstractMavenLifecycleParticipant {

    private static final Logger LOG = LoggerFactory.getLogger(StanterpriseLifecycleParticipant.class);

    private final SettingsDecrypter settingsDecrypter;

    /** Per build; a long-lived Maven process (mvnd) runs builds one after the other. */
    private volatile ReportingStart reporting;

    @Inject
    public StanterpriseLifecycleParticipant(SettingsDecrypter settingsDecrypter) {
        this.settingsDecrypter = settingsDecrypter;
    }

    @Override
    public void afterProjectsRead(MavenSession session) throws MavenExecutionException {
        MavenProject top = SessionConfiguration.topLevelProject(session);
        Configuration configuration;
        try {
            configuration = SessionConfiguration.read(session, new SettingsServers(session.getSettings(), settingsDecrypter));
        } catch (ConfigurationException e) {
            throw new MavenExecutionException(e.getMessage(), top.getFile());
        }
        MisspeltProperties.ofCommandLine(session.getUserProperties()).forEach(LOG::warn);
        MisspeltProperties.ofPom(top.getProperties()).forEach(LOG::warn);
        if (!configuration.enabled) {
            LOG.info("Stanterprise: reporting is off (enabled=false).");
            return;
        }
        if (configuration.sendsTokenInPlaintext()) {
            LOG.warn("Stanterprise: the token goes to {} without TLS, readable on the way; set tls to true.",
                    configuration.endpoint);
        }
        Path listenerJar = ListenerJar.locate(getClass().getClassLoader());
        if (listenerJar == null) {
            LOG.warn("Stanterprise: the listener jar is not on the plugin's class path; tests run unreported.");
            return;
        }
        String name = top.getName() != null ? top.getName() : top.getArtifactId();
        Map<String, String> metadata = metadata(session, top);
        reporting = ReportingStart.begin(() -> BuildReporting.start(configuration, LOG, name, metadata), LOG);
        session.getRequest().setExecutionListener(new ReportingExecutionListener(
                session.getRequest().getExecutionListener(), reporting, listenerJar, LOG));
    }

    @Override
    public void afterSessionEnd(MavenSession session) throws MavenExecutionException {
        ReportingStart starting = reporting;
        reporting = null;
        BuildReporting current = starting == null ? null : starting.get();
        if (current == null) {
            return;
        }
        String failure = current.finish(!session.getResult().hasExceptions());
        if (failure != null) {
            // Only with failOnReportingError: the user asked for the build to depend on reporting.
            throw new MavenExecutionException(failure, SessionConfiguration.topLevelProject(session).getFile());
        }
    }

    private static Map<String, String> metadata(MavenSession session, MavenProject top) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("project", top.getGroupId() + ":" + top.getArtifactId() + ":" + top.getVersion());
        metadata.put("goals", String.join(" ", session.getGoals()));
        metadata.put("maven_version", String.valueOf(session.getSystemProperties().getProperty("maven.version")));
        metadata.put("java_version", System.getProperty("java.version"));
        return metadata;
    }
}
