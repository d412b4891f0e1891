package com.stanterprise.maven.configuration;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
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
    private final Set<String> pomNames;

    /**
     * @param pom the value of a {@code <configuration>} child, or null
     * @param defaultReportDirectory {@code target/stanterprise} of the top-level project
     */
    public ConfigurationReader(Function<String, String> pom, Properties userProperties,
                               Map<String, String> environment, Path defaultReportDirectory) {
        this(pom, Collections.emptySet(), userProperties, environment, defaultReportDirectory);
    }

    /**
     * @param pomNames the names the pom's {@code <configuration>} uses, checked against the known ones
     */
    public ConfigurationReader(Function<String, String> pom, Set<String> pomNames, Properties userProperties,
                               Map<String, String> environment, Path defaultReportDirectory) {
        this.pomNames = pomNames;
        this.pom = pom;
        this.userProperties = userProperties;
        this.environment = environment;
        this.defaultReportDirectory = defaultReportDirectory;
    }

    public Configuration read() throws ConfigurationException {
        for (String name : pomNames) {
            if (!ALL.contains(name)) {
                throw new ConfigurationException("Stanterprise: unknown parameter '" + name
                        + "' in the plugin's <configuration>; the parameters are " + String.join(", ", ALL) + ".");
            }
        }
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
        // Relative paths are relative to the top-level project's build directory, as documented.
        Path buildDirectory = defaultReportDirectory.getParent();
        Path reports = reportDirectory == null || reportDirectory.trim().isEmpty()
                ? defaultReportDirectory
                : buildDirectory.resolve(reportDirectory.trim());
        String spoolDirectory = value(SPOOL_DIRECTORY, null, null);
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
                reports,
                (int) whole(MAX_RETRIES, MAX_RETRIES_DEFAULT, 0, 100),
                whole(RETRY_INITIAL_DELAY_MS, RETRY_INITIAL_DELAY_MS_DEFAULT, 1, 600_000),
                multiplier(),
                (int) whole(CIRCUIT_BREAKER_THRESHOLD, CIRCUIT_BREAKER_THRESHOLD_DEFAULT, 1, Integer.MAX_VALUE),
                spoolDirectory == null || spoolDirectory.trim().isEmpty()
                        ? reports.resolve("spool")
                        : buildDirectory.resolve(spoolDirectory.trim()),
                positive(MAX_SPOOL_BYTES, MAX_SPOOL_BYTES_DEFAULT, Long.MAX_VALUE),
                bool(FAIL_ON_REPORTING_ERROR, null, FAIL_ON_REPORTING_ERROR_DEFAULT),
                positive(HEARTBEAT_INTERVAL_MS, HEARTBEAT_INTERVAL_MS_DEFAULT, Long.MAX_VALUE));
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
        String value = value(name, environmentVariable, fallback).trim();
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.equals("true") || lower.isEmpty()) {
            return true;
        }
        if (lower.equals("false")) {
            return false;
        }
        throw invalid(name, value, "it must be true or false");
    }

    private long positive(String name, String fallback, long max) throws ConfigurationException {
        return whole(name, fallback, 1, max);
    }

    private long whole(String name, String fallback, long min, long max) throws ConfigurationException {
        String value = value(name, null, fallback).trim();
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw invalid(name, value, "it must be a whole number from " + min + " to " + max);
        }
        if (parsed < min || parsed > max) {
            throw invalid(name, value, "it must be a whole number from " + min + " to " + max);
        }
        return parsed;
    }

    private double multiplier() throws ConfigurationException {
        String value = value(RETRY_BACKOFF_MULTIPLIER, null, RETRY_BACKOFF_MULTIPLIER_DEFAULT).trim();
        double parsed;
        try {
            parsed = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw invalid(RETRY_BACKOFF_MULTIPLIER, value, "it must be a number from 1.0 to 10.0");
        }
        if (!(parsed >= 1.0 && parsed <= 10.0)) {
            throw invalid(RETRY_BACKOFF_MULTIPLIER, value, "it must be a number from 1.0 to 10.0");
        }
        return parsed;
    }

    private static ConfigurationException invalid(String name, String value, String allowed) {
        return new ConfigurationException("Stanterprise: parameter '" + name + "' (-D" + PREFIX + name
                + ") is '" + value + "': " + allowed + ".");
    }
}
