package com.stanterprise.maven.configuration;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

import static com.stanterprise.maven.configuration.Parameters.*;

/**
 * Reads the configuration from the pom's plugin configuration, the user properties and the
 * environment, and checks every value before the build goes on.
 */
public final class ConfigurationReader {

    private final Function<String, String> pom;
    private final Properties userProperties;
    private final Map<String, String> environment;
    private final Path defaultReportDirectory;

    /**
     * @param pom the value of a {@code <configuration>} child, or null
     * @param defaultReportDirectory {@code target/stanterprise} of the top-level project
     */
    public ConfigurationReader(Function<String, String> pom, Properties userProperties,
                               Map<String, String> environment, Path defaultReportDirectory) {
        this.pom = pom;
        this.userProperties = userProperties;
        this.environment = environment;
        this.defaultReportDirectory = defaultReportDirectory;
    }

    public Configuration read() throws ConfigurationException {
        String endpointText = value(ENDPOINT, ENDPOINT_ENV, null);
        Endpoint endpoint = null;
        if (endpointText != null && !endpointText.trim().isEmpty()) {
            try {
                endpoint = Endpoint.parse(endpointText);
            } catch (IllegalArgumentException e) {
                throw invalid(ENDPOINT, endpointText, e.getMessage() + "; leave it out to write to the file sink");
            }
        }
        String runId = value(RUN_ID, null, null);
        if (runId != null && runId.trim().isEmpty()) {
            runId = null;
        }
        String reportDirectory = value(REPORT_DIRECTORY, null, null);
        return new Configuration(
                endpoint,
                bool(ENABLED, ENABLED_ENV, ENABLED_DEFAULT),
                runId == null ? null : runId.trim(),
                bool(ENABLE_BATCHING, null, ENABLE_BATCHING_DEFAULT),
                (int) positive(BATCH_SIZE, BATCH_SIZE_DEFAULT, 100_000),
                positive(BATCH_FLUSH_INTERVAL_MS, BATCH_FLUSH_INTERVAL_MS_DEFAULT, Long.MAX_VALUE),
                positive(GRPC_TIMEOUT_MS, GRPC_TIMEOUT_MS_DEFAULT, Long.MAX_VALUE),
                positive(SHUTDOWN_TIMEOUT_MS, SHUTDOWN_TIMEOUT_MS_DEFAULT, Long.MAX_VALUE),
                positive(MAX_QUEUE_BYTES, MAX_QUEUE_BYTES_DEFAULT, Long.MAX_VALUE),
                positive(FORK_BUFFER_BYTES, FORK_BUFFER_BYTES_DEFAULT, Long.MAX_VALUE),
                bool(VERBOSE, null, VERBOSE_DEFAULT),
                reportDirectory == null || reportDirectory.trim().isEmpty()
                        ? defaultReportDirectory
                        : defaultReportDirectory.resolve(reportDirectory.trim()));
    }

    private String value(String name, String environmentVariable, String fallback) {
        String value = pom.apply(name);
        if (value == null) {
            value = userProperties.getProperty(PREFIX + name);
        }
        if (value == null && environmentVariable != null) {
            value = environment.get(environmentVariable);
        }
        return value != null ? value : fallback;
    }

    private boolean bool(String name, String environmentVariable, String fallback) throws ConfigurationException {
        String value = value(name, environmentVariable, fallback).trim().toLowerCase(Locale.ROOT);
        if (value.equals("true") || value.isEmpty()) {
            return true;
        }
        if (value.equals("false")) {
            return false;
        }
        throw invalid(name, value, "it must be true or false");
    }

    private long positive(String name, String fallback, long max) throws ConfigurationException {
        String value = value(name, null, fallback).trim();
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw invalid(name, value, "it must be a whole number from 1 to " + max);
        }
        if (parsed < 1 || parsed > max) {
            throw invalid(name, value, "it must be a whole number from 1 to " + max);
        }
        return parsed;
    }

    private static ConfigurationException invalid(String name, String value, String allowed) {
        return new ConfigurationException("Stanterprise: parameter '" + name + "' (-D" + PREFIX + name
                + ") is '" + value + "': " + allowed + ".");
    }
}
