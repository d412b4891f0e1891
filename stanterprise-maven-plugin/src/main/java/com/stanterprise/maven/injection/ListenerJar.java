package com.stanterprise.maven.injection;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The listener jar that goes on every test classpath. It is a dependency of this plugin, so
 * Maven has already resolved it into the plugin's class realm: we only look up where it lies,
 * without loading its classes here.
 */
public final class ListenerJar {

    static final String LISTENER_CLASS = "com/stanterprise/listener/StanterpriseListener.class";
    public static final String GROUP_ID = "com.stanterprise";
    public static final String ARTIFACT_ID = "stanterprise-surefire-listener";

    private ListenerJar() {
    }

    /** The jar's path, or null when it is not on this class loader as a jar. */
    public static Path locate(ClassLoader loader) {
        URL resource = loader.getResource(LISTENER_CLASS);
        if (resource == null || !"jar".equals(resource.getProtocol())) {
            return null;
        }
        String url = resource.toString();
        int separator = url.indexOf("!/");
        try {
            return Paths.get(new URL(url.substring("jar:".length(), separator)).toURI());
        } catch (URISyntaxException | java.net.MalformedURLException e) {
            return null;
        }
    }
}
