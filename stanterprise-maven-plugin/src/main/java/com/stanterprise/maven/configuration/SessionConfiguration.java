package com.stanterprise.maven.configuration;

import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Plugin;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashSet;
import java.util.Properties;
import java.util.Set;

/**
 * The configuration of a Maven session, read one way for the extension and for the goals, so
 * that {@code stanterprise:config} prints what the extension uses: the plugin's
 * {@code <configuration>} of the top-level project (or else of the first module that declares
 * the plugin), the session's user and system properties, the environment and the top-level
 * project's {@code <properties>}.
 */
public final class SessionConfiguration {

    private SessionConfiguration() {
    }

    public static Configuration read(MavenSession session, ServerPasswords servers) throws ConfigurationException {
        MavenProject top = topLevelProject(session);
        Xpp3Dom pom = pluginConfiguration(session, top);
        Path target = Paths.get(top.getBuild().getDirectory());
        Set<String> names = new LinkedHashSet<>();
        if (pom != null) {
            for (Xpp3Dom child : pom.getChildren()) {
                names.add(child.getName());
            }
        }
        return new ConfigurationReader(
                name -> {
                    Xpp3Dom child = pom == null ? null : pom.getChild(name);
                    return child == null ? null : child.getValue();
                },
                names,
                session.getUserProperties(),
                orEmpty(session.getSystemProperties()),
                orEmpty(top.getProperties()),
                System.getenv(),
                servers,
                top.getBasedir().toPath(),
                target.resolve("stanterprise")).read();
    }

    public static MavenProject topLevelProject(MavenSession session) {
        MavenProject top = session.getTopLevelProject();
        return top != null ? top : session.getProjects().get(0);
    }

    /** The plugin's configuration in the top-level project, or else in the first module that declares it. */
    private static Xpp3Dom pluginConfiguration(MavenSession session, MavenProject top) {
        Plugin plugin = top.getPlugin(Parameters.PLUGIN_KEY);
        if (plugin == null) {
            for (MavenProject project : session.getProjects()) {
                plugin = project.getPlugin(Parameters.PLUGIN_KEY);
                if (plugin != null) {
                    break;
                }
            }
        }
        return plugin == null ? null : (Xpp3Dom) plugin.getConfiguration();
    }

    private static Properties orEmpty(Properties properties) {
        return properties != null ? properties : new Properties();
    }
}
