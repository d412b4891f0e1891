package com.stanterprise.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The versions a generated project pins. Those the root pom keeps in properties come from
 * {@code versions.properties}, which Maven filters; the plugins the root pom pins literally in its
 * pluginManagement are repeated here (keep them equal).
 */
final class Versions {

    private static final Properties FILTERED = load();

    static final String STANTERPRISE = FILTERED.getProperty("stanterprise");
    static final String SUREFIRE = FILTERED.getProperty("surefire");
    static final String JUNIT = FILTERED.getProperty("junit");
    static final String CLEAN = "3.4.0";
    static final String RESOURCES = "3.3.1";
    static final String COMPILER = "3.14.0";
    static final String JAR = "3.4.1";
    static final String INSTALL = "3.1.2";

    private Versions() {
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("versions.properties is not on the class path");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (properties.getProperty("surefire", "$").startsWith("$")) {
            throw new IllegalStateException("versions.properties was not filtered: " + properties);
        }
        return properties;
    }
}
