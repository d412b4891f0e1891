package com.stanterprise.maven.configuration;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

import static com.stanterprise.maven.configuration.Parameters.*;

/**
 * Reads the configuration and checks every value before the build goes on. A parameter is taken
 * from, first to last: the plugin's {@code <configuration>} in the pom, the
 * {@code -Dstanterprise.<name>} user property, the Java system property of that name (as
 * {@code MAVEN_OPTS} sets it), the environment variable where one is named, the top-level pom's
 * {@code <properties>}, the default. The properties come in the order Maven's own
 * {@code ${...}} expressions look them up; the pom's properties last of all, so that a machine
 * (a CI job's environment) overrides a project's default.
 */
public final class ConfigurationReader {

    /** Not a parameter; named only to turn it away. */
    private static final String TOKEN = "token";
    private static final String WHERE_THE_TOKEN_GOES = "The token comes from the <password> of the <server> in"
            + " settings.xml whose <id> is serverId (default '" + SERVER_ID_DEFAULT + "'), or from the "
            + TOKEN_ENV + " environment variable.";

    private final Function<String, String> pom;
    private final Properties userProperties;
    private final Properties systemProperties;
    private final Properties projectProperties;
    private final Map<String, String> environment;
    /** Where each value read came from, for the messages. */
    private final Map<String, String> sources = new HashMap<>();
    private final Path defaultReportDirectory;
    private final Set<String> pomNames;
    private final ServerPasswords servers;
    private final Path baseDirectory;

    /**
     * Without settings.xml servers, with the project's base directory two levels above the report
     * directory's default.
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
        this(pom, pomNames, userProperties, environment, ServerPasswords.NONE,
                defaultReportDirectory.getParent().getParent(), defaultReportDirectory);
    }

    /**
     * @param servers the passwords of settings.xml's servers, where the token comes from
     * @param baseDirectory the top-level project's base directory, against which
     *                      {@code trustCertCollectionFile} resolves
     */
    public ConfigurationReader(Function<String, String> pom, Set<String> pomNames, Properties userProperties,
                               Map<String, String> environment, ServerPasswords servers, Path baseDirectory,
                               Path defaultReportDirectory) {
        this(pom, pomNames, userProperties, new Properties(), new Properties(), environment, servers, baseDirectory,
                defaultReportDirectory);
    }

    /**
     * @param systemProperties the JVM's system properties, as Maven's session has them
     * @param projectProperties the top-level project's {@code <properties>}
     */
    public ConfigurationReader(Function<String, String> pom, Set<String> pomNames, Properties userProperties,
                               Properties systemProperties, Properties projectProperties,
                               Map<String, String> environment, ServerPasswords servers, Path baseDirectory,
                               Path defaultReportDirectory) {
        this.pomNames = pomNames;
        this.pom = pom;
        this.userProperties = userProperties;
        this.systemProperties = systemProperties;
        this.projectProperties = projectProperties;
        this.environment = environment;
        this.servers = servers;
        this.baseDirectory = baseDirectory;
        this.defaultReportDirectory = defaultReportDirectory;
    }

    public Configuration read() throws ConfigurationException {
        for (String name : pomNames) {
            if (name.equals(TOKEN)) {
                throw new ConfigurationException("Stanterprise: <token> does not go in the pom, where everyone who"
                        + " reads the project reads it too. " + WHERE_THE_TOKEN_GOES);
            }
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
        if (userProperties.getProperty(PREFIX + TOKEN) != null || systemProperties.getProperty(PREFIX + TOKEN) != null) {
            throw new ConfigurationException("Stanterprise: -D" + PREFIX + TOKEN + " is not read: a command line"
                    + " shows in process lists and shell histories. " + WHERE_THE_TOKEN_GOES);
        }
        if (projectProperties.getProperty(PREFIX + TOKEN) != null) {
            throw new ConfigurationException("Stanterprise: <" + PREFIX + TOKEN + "> in the pom's <properties> is"
                    + " not read: the token does not go in the pom, where everyone who reads the project reads it"
                    + " too. " + WHERE_THE_TOKEN_GOES);
        }
        boolean tls = bool(TLS, null, TLS_DEFAULT);
        String serverId = value(SERVER_ID, null, SERVER_ID_DEFAULT).trim();
        if (serverId.isEmpty()) {
            throw invalid(SERVER_ID, serverId, "it must name a <server> in settings.xml (default "
                    + SERVER_ID_DEFAULT + ")");
        }
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
                positive(HEARTBEAT_INTERVAL_MS, HEARTBEAT_INTERVAL_MS_DEFAULT, Long.MAX_VALUE),
                tls,
                trustCertCollectionFile(tls),
                serverId,
                token(serverId),
                positive(MAX_OUTPUT_BYTES_PER_TEST, MAX_OUTPUT_BYTES_PER_TEST_DEFAULT, Long.MAX_VALUE));
    }

    /** Null: the JVM's trust store. The file must hold at least one certificate, in PEM. */
    private Path trustCertCollectionFile(boolean tls) throws ConfigurationException {
        String value = value(TRUST_CERT_COLLECTION_FILE, null, null);
        if (value == null || value.trim().isEmpty()) {
            return null;
        }
        value = value.trim();
        if (!tls) {
            throw invalid(TRUST_CERT_COLLECTION_FILE, value, "it is for TLS, and tls is false; set tls to true"
                    + " (-D" + PREFIX + TLS + "=true) or leave the file out");
        }
        Path file = baseDirectory.resolve(value).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw invalid(TRUST_CERT_COLLECTION_FILE, value, "there is no file " + file
                    + " (a relative path is relative to the top-level project's directory)");
        }
        if (!Files.isReadable(file)) {
            throw invalid(TRUST_CERT_COLLECTION_FILE, value, "the file " + file + " cannot be read");
        }
        String noCertificate = file + " must hold the collector's CA certificates in PEM"
                + " (-----BEGIN CERTIFICATE-----)";
        try {
            byte[] pem = Files.readAllBytes(file);
            // the JDK also takes DER here, gRPC only PEM
            if (!new String(pem, StandardCharsets.ISO_8859_1).contains("-----BEGIN CERTIFICATE-----")
                    || CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))
                            .isEmpty()) {
                throw invalid(TRUST_CERT_COLLECTION_FILE, value, noCertificate);
            }
        } catch (IOException e) {
            throw invalid(TRUST_CERT_COLLECTION_FILE, value, "the file " + file + " cannot be read: " + e.getMessage());
        } catch (CertificateException e) {
            throw invalid(TRUST_CERT_COLLECTION_FILE, value, noCertificate + ": " + e.getMessage());
        }
        return file;
    }

    /** The password of the settings.xml server, else the environment's token, else none. */
    private Token token(String serverId) throws ConfigurationException {
        String password = servers.password(serverId);
        if (password != null && !password.trim().isEmpty()) {
            return checked(password.trim(), "from settings.xml server '" + serverId + "'");
        }
        String variable = environment.get(TOKEN_ENV);
        if (variable != null && !variable.trim().isEmpty()) {
            return checked(variable.trim(), "from " + TOKEN_ENV);
        }
        return null;
    }

    /** The message names where the token came from, never the token. */
    private static Token checked(String value, String source) throws ConfigurationException {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new ConfigurationException("Stanterprise: the token " + source + " has a character a gRPC"
                        + " header cannot carry (at position " + (i + 1) + "); a token is visible ASCII, without"
                        + " spaces.");
            }
        }
        return new Token(value, source);
    }

    private String value(String name, String environmentVariable, String fallback) {
        String value = pom.apply(name);
        String source = "<" + name + "> in the plugin's <configuration>";
        if (value == null) {
            value = userProperties.getProperty(PREFIX + name);
            source = "-D" + PREFIX + name;
        }
        if (value == null) {
            value = systemProperties.getProperty(PREFIX + name);
            source = "the system property " + PREFIX + name;
        }
        if (value == null && environmentVariable != null) {
            value = environment.get(environmentVariable);
            source = "the environment variable " + environmentVariable;
        }
        if (value == null) {
            value = projectProperties.getProperty(PREFIX + name);
            source = "<" + PREFIX + name + "> in the pom's <properties>";
        }
        if (value == null) {
            value = fallback;
            source = "the default";
        }
        sources.put(name, source);
        return value;
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
            throw invalid(name, value, range(name, min, max));
        }
        if (parsed < min || parsed > max) {
            throw invalid(name, value, range(name, min, max));
        }
        return parsed;
    }

    /** What a whole number may be, in the parameter's unit (its name ends with it). */
    private static String range(String name, long min, long max) {
        String number = name.endsWith("Ms") ? "a whole number of milliseconds"
                : name.endsWith("Bytes") ? "a whole number of bytes" : "a whole number";
        return max == Long.MAX_VALUE ? "it must be " + number + ", at least " + min
                : "it must be " + number + " from " + min + " to " + max;
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

    /** Names the parameter, its property, the value and where the value came from, and what is allowed. */
    private ConfigurationException invalid(String name, String value, String allowed) {
        String source = sources.get(name);
        return new ConfigurationException("Stanterprise: parameter '" + name + "' (-D" + PREFIX + name
                + ") is '" + value + "'" + (source == null ? "" : ", from " + source) + ": " + allowed + ".");
    }
}
