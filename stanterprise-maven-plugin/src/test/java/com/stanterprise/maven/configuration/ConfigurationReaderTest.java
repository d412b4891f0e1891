package com.stanterprise.maven.configuration;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigurationReaderTest {

    private static final Path TARGET = Paths.get("/build/ledger/target/stanterprise").toAbsolutePath();

    private final Map<String, String> pom = new HashMap<>();
    private final Properties userProperties = new Properties();
    private final Properties systemProperties = new Properties();
    private final Properties projectProperties = new Properties();
    private final Map<String, String> environment = new HashMap<>();

    private Configuration read() throws ConfigurationException {
        return new ConfigurationReader(pom::get, Collections.emptySet(), userProperties, systemProperties,
                projectProperties, environment, ServerPasswords.NONE, TARGET.getParent().getParent(), TARGET).read();
    }

    private ConfigurationException invalid() {
        return assertThrows(ConfigurationException.class, this::read);
    }

    @Nested
    class Defaults {

        @Test
        void nothingConfiguredGivesTheDocumentedDefaults() throws ConfigurationException {
            Configuration configuration = read();

            assertAll(
                    () -> assertNull(configuration.endpoint, "no endpoint: the file sink"),
                    () -> assertTrue(configuration.enabled),
                    () -> assertNull(configuration.runId),
                    () -> assertTrue(configuration.enableBatching),
                    () -> assertEquals(1000, configuration.batchSize),
                    () -> assertEquals(100, configuration.batchFlushIntervalMs),
                    () -> assertEquals(5000, configuration.grpcTimeoutMs),
                    () -> assertEquals(10_000, configuration.shutdownTimeoutMs),
                    () -> assertEquals(64L * 1024 * 1024, configuration.maxQueueBytes),
                    () -> assertEquals(16L * 1024 * 1024, configuration.forkBufferBytes),
                    () -> assertFalse(configuration.verbose),
                    () -> assertEquals(TARGET, configuration.reportDirectory),
                    () -> assertEquals(TARGET.resolve("events.jsonl"), configuration.eventsFile()),
                    () -> assertEquals(TARGET.resolve("stats.json"), configuration.statisticsFile()),
                    () -> assertEquals(3, configuration.maxRetries),
                    () -> assertEquals(100, configuration.retryInitialDelayMs),
                    () -> assertEquals(2.0, configuration.retryBackoffMultiplier),
                    () -> assertEquals(5, configuration.circuitBreakerThreshold),
                    () -> assertEquals(TARGET.resolve("spool"), configuration.spoolDirectory),
                    () -> assertEquals(256L * 1024 * 1024, configuration.maxSpoolBytes),
                    () -> assertFalse(configuration.failOnReportingError),
                    () -> assertEquals(30_000, configuration.heartbeatIntervalMs));
        }

        @Test
        void blankEndpointMeansTheFileSink() throws ConfigurationException {
            pom.put("endpoint", "   ");

            assertNull(read().endpoint);
        }

        @Test
        void blankRunIdMeansARandomOne() throws ConfigurationException {
            userProperties.setProperty("stanterprise.runId", "  ");

            assertNull(read().runId);
        }

        @Test
        void runIdIsTrimmed() throws ConfigurationException {
            userProperties.setProperty("stanterprise.runId", "  nightly-42 ");

            assertEquals("nightly-42", read().runId);
        }

        @Test
        void absoluteReportDirectoryIsTakenAsIs() throws ConfigurationException {
            Path elsewhere = Paths.get("/var/reports/stanterprise").toAbsolutePath();
            pom.put("reportDirectory", elsewhere.toString());

            Configuration configuration = read();

            assertEquals(elsewhere, configuration.reportDirectory);
            assertEquals(elsewhere.resolve("events.jsonl"), configuration.eventsFile());
        }
    }

    @Nested
    class Precedence {

        @Test
        void pomWinsOverUserPropertyAndEnvironment() throws ConfigurationException {
            pom.put("endpoint", "from-pom:1");
            userProperties.setProperty("stanterprise.endpoint", "from-property:2");
            environment.put("STANTERPRISE_GRPC_ADDRESS", "from-env:3");

            Endpoint endpoint = read().endpoint;

            assertEquals("from-pom", endpoint.host);
            assertEquals(1, endpoint.port);
        }

        @Test
        void userPropertyWinsOverEnvironment() throws ConfigurationException {
            userProperties.setProperty("stanterprise.endpoint", "from-property:2");
            environment.put("STANTERPRISE_GRPC_ADDRESS", "from-env:3");

            assertEquals("from-property:2", read().endpoint.target());
        }

        @Test
        void environmentGivesTheEndpointWhenNothingElseDoes() throws ConfigurationException {
            environment.put("STANTERPRISE_GRPC_ADDRESS", "from-env:3");

            assertEquals("from-env:3", read().endpoint.target());
        }

        @Test
        void enabledFromEnvironment() throws ConfigurationException {
            environment.put("STANTERPRISE_GRPC_ENABLED", "false");

            assertFalse(read().enabled);
        }

        @Test
        void enabledUserPropertyWinsOverEnvironment() throws ConfigurationException {
            userProperties.setProperty("stanterprise.enabled", "true");
            environment.put("STANTERPRISE_GRPC_ENABLED", "false");

            assertTrue(read().enabled);
        }

        @Test
        void enabledPomWinsOverUserProperty() throws ConfigurationException {
            pom.put("enabled", "false");
            userProperties.setProperty("stanterprise.enabled", "true");
            environment.put("STANTERPRISE_GRPC_ENABLED", "true");

            assertFalse(read().enabled);
        }

        @Test
        void pomWinsOverUserPropertyForNumbers() throws ConfigurationException {
            pom.put("batchSize", "7");
            userProperties.setProperty("stanterprise.batchSize", "9");

            assertEquals(7, read().batchSize);
        }

        @Test
        void userPropertyOverridesTheDefault() throws ConfigurationException {
            userProperties.setProperty("stanterprise.batchSize", "9");
            userProperties.setProperty("stanterprise.batchFlushIntervalMs", "250");
            userProperties.setProperty("stanterprise.enableBatching", "false");
            userProperties.setProperty("stanterprise.verbose", "true");

            Configuration configuration = read();

            assertEquals(9, configuration.batchSize);
            assertEquals(250, configuration.batchFlushIntervalMs);
            assertFalse(configuration.enableBatching);
            assertTrue(configuration.verbose);
        }

        @Test
        void systemPropertyWhenNoUserProperty() throws ConfigurationException {
            systemProperties.setProperty("stanterprise.batchSize", "8");
            environment.put("STANTERPRISE_GRPC_ADDRESS", "from-env:3");
            systemProperties.setProperty("stanterprise.endpoint", "from-system:4");

            assertEquals(8, read().batchSize);
            assertEquals("from-system:4", read().endpoint.target());
            userProperties.setProperty("stanterprise.batchSize", "9");
            assertEquals(9, read().batchSize);
        }

        @Test
        void pomPropertiesComeLastBeforeTheDefault() throws ConfigurationException {
            projectProperties.setProperty("stanterprise.batchSize", "6");
            projectProperties.setProperty("stanterprise.enabled", "false");
            projectProperties.setProperty("stanterprise.endpoint", "from-pom-properties:5");
            environment.put("STANTERPRISE_GRPC_ADDRESS", "from-env:3");

            Configuration configuration = read();

            assertEquals(6, configuration.batchSize);
            assertFalse(configuration.enabled);
            assertEquals("from-env:3", configuration.endpoint.target(), "the machine's environment wins");
            systemProperties.setProperty("stanterprise.batchSize", "8");
            assertEquals(8, read().batchSize);
            pom.put("batchSize", "7");
            assertEquals(7, read().batchSize);
        }

        @Test
        void propertiesWithoutThePrefixAreIgnored() throws ConfigurationException {
            userProperties.setProperty("batchSize", "9");
            userProperties.setProperty("endpoint", "somewhere:1");

            Configuration configuration = read();

            assertEquals(1000, configuration.batchSize);
            assertNull(configuration.endpoint);
        }

        @Test
        void environmentIsOnlyReadForEndpointAndEnabled() throws ConfigurationException {
            environment.put("STANTERPRISE_BATCH_SIZE", "9");
            environment.put("batchSize", "9");

            assertEquals(1000, read().batchSize);
        }

        @Test
        void booleansIgnoreCaseAndSurroundingSpace() throws ConfigurationException {
            pom.put("enabled", " FALSE ");
            pom.put("verbose", "True");

            Configuration configuration = read();

            assertFalse(configuration.enabled);
            assertTrue(configuration.verbose);
        }
    }

    @Nested
    class InvalidValues {

        private void assertNames(ConfigurationException e, String parameter, String value, String allowed) {
            String message = e.getMessage();
            assertNotNull(message);
            assertAll(message,
                    () -> assertTrue(message.contains("'" + parameter + "'"), "names the parameter"),
                    () -> assertTrue(message.contains("-Dstanterprise." + parameter), "names the property"),
                    () -> assertTrue(message.contains("'" + value + "'"), "names the bad value"),
                    () -> assertTrue(message.contains(allowed), "says what is allowed"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"localhost", "http://x:1", "https://collector:443", "host:0", "host:99999",
                "host:abc", "host:", ":50051", "::1:50051", "[::1:50051", "collector:50051/path"})
        void malformedEndpoint(String endpoint) {
            pom.put("endpoint", endpoint);

            ConfigurationException e = invalid();

            assertNames(e, "endpoint", endpoint, "leave it out to write to the file sink");
        }

        @Test
        void endpointWithoutPortSaysHostPort() {
            pom.put("endpoint", "localhost");

            assertTrue(invalid().getMessage().contains("host:port"));
        }

        @Test
        void endpointWithSchemeSaysNoScheme() {
            pom.put("endpoint", "http://x:1");

            assertTrue(invalid().getMessage().contains("without a scheme"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"host:0", "host:99999", "host:abc", "host:65536"})
        void endpointPortOutOfRangeSaysTheRange(String endpoint) {
            pom.put("endpoint", endpoint);

            assertTrue(invalid().getMessage().contains("1 to 65535"));
        }

        @Test
        void malformedEndpointFromEnvironmentIsRejectedToo() {
            environment.put("STANTERPRISE_GRPC_ADDRESS", "localhost");

            assertNames(invalid(), "endpoint", "localhost", "host:port");
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "-1", "ten", "100001", "1.5", "99999999999999999999"})
        void badBatchSize(String batchSize) {
            userProperties.setProperty("stanterprise.batchSize", batchSize);

            assertNames(invalid(), "batchSize", batchSize, "a whole number from 1 to 100000");
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "-5", "soon"})
        void badBatchFlushInterval(String interval) {
            pom.put("batchFlushIntervalMs", interval);

            assertNames(invalid(), "batchFlushIntervalMs", interval, "a whole number of milliseconds, at least 1");
        }

        @ParameterizedTest
        @ValueSource(strings = {"grpcTimeoutMs", "shutdownTimeoutMs", "maxQueueBytes", "forkBufferBytes"})
        void otherNumbersMustBePositiveToo(String parameter) {
            pom.put(parameter, "0");

            assertNames(invalid(), parameter, "0", "a whole number of "
                    + (parameter.endsWith("Ms") ? "milliseconds" : "bytes") + ", at least 1");
        }

        @Test
        void namesWhereTheBadValueCameFrom() {
            environment.put("STANTERPRISE_GRPC_ADDRESS", "http://x:1");
            assertTrue(invalid().getMessage().contains("'http://x:1', from the environment variable"
                    + " STANTERPRISE_GRPC_ADDRESS: "), invalid().getMessage());
            environment.clear();
            projectProperties.setProperty("stanterprise.maxRetries", "many");
            assertTrue(invalid().getMessage().contains("'many', from <stanterprise.maxRetries> in the pom's"
                    + " <properties>: "), invalid().getMessage());
            systemProperties.setProperty("stanterprise.maxRetries", "lots");
            assertTrue(invalid().getMessage().contains("'lots', from the system property stanterprise.maxRetries: "),
                    invalid().getMessage());
            pom.put("maxRetries", "all");
            assertTrue(invalid().getMessage().contains("'all', from <maxRetries> in the plugin's <configuration>: "),
                    invalid().getMessage());
        }

        @Test
        void aTokenInThePomsPropertiesIsRefused() {
            projectProperties.setProperty("stanterprise.token", "stp_x");

            String message = invalid().getMessage();

            assertTrue(message.contains("<stanterprise.token> in the pom's <properties> is not read"), message);
            assertFalse(message.contains("stp_x"), "never the token");
        }

        @Test
        void enabledMaybe() {
            pom.put("enabled", "maybe");

            assertNames(invalid(), "enabled", "maybe", "true or false");
        }

        @Test
        void enabledMaybeFromEnvironment() {
            environment.put("STANTERPRISE_GRPC_ENABLED", "maybe");

            assertNames(invalid(), "enabled", "maybe", "true or false");
        }

        @ParameterizedTest
        @ValueSource(strings = {"enableBatching", "verbose"})
        void otherBooleans(String parameter) {
            userProperties.setProperty("stanterprise." + parameter, "yes");

            assertNames(invalid(), parameter, "yes", "true or false");
        }
    }

    @Nested
    class DeliveryParameters {

        @Test
        void zeroRetriesIsAllowed() throws ConfigurationException {
            pom.put("maxRetries", "0");

            assertEquals(0, read().maxRetries);
        }

        @ParameterizedTest
        @ValueSource(strings = {"-1", "101", "three"})
        void badMaxRetries(String value) {
            pom.put("maxRetries", value);

            ConfigurationException e = invalid();

            assertTrue(e.getMessage().contains("'maxRetries'") && e.getMessage().contains("-Dstanterprise.maxRetries")
                    && e.getMessage().contains("'" + value + "'") && e.getMessage().contains("from 0 to 100"),
                    e.getMessage());
        }

        @Test
        void backoffMultiplier() throws ConfigurationException {
            userProperties.setProperty("stanterprise.retryBackoffMultiplier", "1.5");

            assertEquals(1.5, read().retryBackoffMultiplier);
        }

        @ParameterizedTest
        @ValueSource(strings = {"0.5", "10.5", "fast", "NaN", "Infinity"})
        void badBackoffMultiplier(String value) {
            userProperties.setProperty("stanterprise.retryBackoffMultiplier", value);

            ConfigurationException e = invalid();

            assertTrue(e.getMessage().contains("'retryBackoffMultiplier'")
                    && e.getMessage().contains("-Dstanterprise.retryBackoffMultiplier")
                    && e.getMessage().contains("'" + value + "'") && e.getMessage().contains("1.0 to 10.0"),
                    e.getMessage());
        }

        @Test
        void failOnReportingErrorFromAUserProperty() throws ConfigurationException {
            userProperties.setProperty("stanterprise.failOnReportingError", "true");

            assertTrue(read().failOnReportingError);
        }

        @Test
        void theSpoolFollowsTheReportDirectory() throws ConfigurationException {
            Path elsewhere = Paths.get("/var/reports/stanterprise").toAbsolutePath();
            pom.put("reportDirectory", elsewhere.toString());

            assertEquals(elsewhere.resolve("spool"), read().spoolDirectory);
        }

        @Test
        void relativeDirectoriesAreRelativeToTheBuildDirectory() throws ConfigurationException {
            pom.put("reportDirectory", "reports");
            pom.put("spoolDirectory", "waiting");

            Configuration configuration = read();

            assertEquals(TARGET.getParent().resolve("reports"), configuration.reportDirectory);
            assertEquals(TARGET.getParent().resolve("waiting"), configuration.spoolDirectory);
        }

        @Test
        void anAbsoluteSpoolDirectoryIsTakenAsIs() throws ConfigurationException {
            Path spool = Paths.get("/var/spool/stanterprise").toAbsolutePath();
            pom.put("spoolDirectory", spool.toString());

            assertEquals(spool, read().spoolDirectory);
        }
    }

    @Nested
    class PomNames {

        private Configuration readWithNames(String... names) throws ConfigurationException {
            return new ConfigurationReader(pom::get, new java.util.LinkedHashSet<>(java.util.Arrays.asList(names)),
                    userProperties, environment, TARGET).read();
        }

        @Test
        void knownNamesPass() throws ConfigurationException {
            pom.put("endpoint", "collector:50051");
            pom.put("batchSize", "10");

            assertEquals(10, readWithNames("endpoint", "batchSize").batchSize);
        }

        @Test
        void everyDocumentedNameIsKnown() throws ConfigurationException {
            readWithNames(Parameters.ALL.toArray(new String[0]));
        }

        @Test
        void aMisspeltNameStopsTheBuildAndListsTheRightOnes() {
            pom.put("endpiont", "collector:50051");

            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> readWithNames("endpiont"));

            assertTrue(e.getMessage().contains("'endpiont'"), e.getMessage());
            assertTrue(e.getMessage().contains("endpoint"), e.getMessage());
        }
    }

    @Nested
    class Ipv6 {

        @Test
        void bracketedIpv6EndpointIsAccepted() throws ConfigurationException {
            pom.put("endpoint", "[::1]:50051");

            Endpoint endpoint = read().endpoint;

            assertEquals("[::1]", endpoint.host);
            assertEquals(50051, endpoint.port);
            assertEquals("[::1]:50051", endpoint.target());
        }
    }

    @Nested
    class Security {

        private static final String TOKEN = "stp_s3cr3t-t0ken";

        private final Map<String, String> servers = new HashMap<>();

        @TempDir
        Path project;

        private Configuration readInProject(String... pomNames) throws ConfigurationException {
            return new ConfigurationReader(pom::get, new LinkedHashSet<>(Arrays.asList(pomNames)), userProperties,
                    environment, servers::get, project, project.resolve("target/stanterprise")).read();
        }

        private ConfigurationException invalidInProject(String... pomNames) {
            return assertThrows(ConfigurationException.class, () -> readInProject(pomNames));
        }

        private Path certificate(String relative) throws Exception {
            Path file = project.resolve(relative);
            Files.createDirectories(file.getParent());
            try (InputStream pem = getClass().getResourceAsStream("/tls/collector.pem")) {
                Files.copy(pem, file);
            }
            return file;
        }

        @Test
        void defaults() throws ConfigurationException {
            Configuration configuration = readInProject();

            assertAll(
                    () -> assertFalse(configuration.tls),
                    () -> assertNull(configuration.trustCertCollectionFile, "the JVM's trust store"),
                    () -> assertEquals("stanterprise", configuration.serverId),
                    () -> assertNull(configuration.token));
        }

        @Test
        void tlsWithARelativeCertificateFileResolvesAgainstTheProject() throws Exception {
            Path file = certificate("certs/collector-ca.pem");
            userProperties.setProperty("stanterprise.tls", "true");
            pom.put("trustCertCollectionFile", "certs/collector-ca.pem");

            Configuration configuration = readInProject();

            assertTrue(configuration.tls);
            assertEquals(file.toAbsolutePath(), configuration.trustCertCollectionFile);
        }

        @Test
        void anAbsoluteCertificateFileIsTakenAsIs() throws Exception {
            Path file = certificate("elsewhere/ca.pem");
            pom.put("tls", "true");
            userProperties.setProperty("stanterprise.trustCertCollectionFile", file.toAbsolutePath().toString());

            assertEquals(file.toAbsolutePath(), readInProject().trustCertCollectionFile);
        }

        @Test
        void aMissingCertificateFileNamesTheParameterAndThePath() {
            pom.put("tls", "true");
            pom.put("trustCertCollectionFile", "certs/missing.pem");

            String message = invalidInProject().getMessage();

            assertTrue(message.contains("'trustCertCollectionFile'") && message.contains("'certs/missing.pem'")
                    && message.contains(project.resolve("certs/missing.pem").toString()), message);
        }

        @Test
        void aFileWithoutCertificatesIsRejected() throws Exception {
            Files.write(project.resolve("notes.txt"), "not a certificate".getBytes(StandardCharsets.UTF_8));
            pom.put("tls", "true");
            pom.put("trustCertCollectionFile", "notes.txt");

            String message = invalidInProject().getMessage();

            assertTrue(message.contains("'trustCertCollectionFile'") && message.contains("PEM"), message);
        }

        @Test
        void aDerCertificateIsRejectedForGrpcTakesOnlyPem() throws Exception {
            Certificate certificate;
            try (InputStream pem = getClass().getResourceAsStream("/tls/collector.pem")) {
                certificate = CertificateFactory.getInstance("X.509").generateCertificate(pem);
            }
            Files.write(project.resolve("collector.der"), certificate.getEncoded());
            pom.put("tls", "true");
            pom.put("trustCertCollectionFile", "collector.der");

            String message = invalidInProject().getMessage();

            assertTrue(message.contains("'trustCertCollectionFile'") && message.contains("PEM"), message);
        }

        @Test
        void aCertificateFileWithoutTlsIsAMistake() throws Exception {
            certificate("ca.pem");
            pom.put("trustCertCollectionFile", "ca.pem");

            String message = invalidInProject().getMessage();

            assertTrue(message.contains("'trustCertCollectionFile'") && message.contains("tls"), message);
        }

        @Test
        void theTokenComesFromTheSettingsServer() throws ConfigurationException {
            servers.put("stanterprise", TOKEN);

            Token token = readInProject().token;

            assertEquals(TOKEN, token.value());
            assertEquals("from settings.xml server 'stanterprise'", token.source());
        }

        @Test
        void serverIdChoosesTheServer() throws ConfigurationException {
            servers.put("stanterprise", "not-this-one");
            servers.put("observer-prod", TOKEN);
            userProperties.setProperty("stanterprise.serverId", "observer-prod");

            Configuration configuration = readInProject();

            assertEquals("observer-prod", configuration.serverId);
            assertEquals(TOKEN, configuration.token.value());
            assertEquals("from settings.xml server 'observer-prod'", configuration.token.source());
        }

        @Test
        void withoutTheServerTheTokenComesFromTheEnvironment() throws ConfigurationException {
            environment.put("STANTERPRISE_TOKEN", " " + TOKEN + "\n");

            Token token = readInProject().token;

            assertEquals(TOKEN, token.value());
            assertEquals("from STANTERPRISE_TOKEN", token.source());
        }

        @Test
        void theSettingsServerWinsOverTheEnvironment() throws ConfigurationException {
            servers.put("stanterprise", TOKEN);
            environment.put("STANTERPRISE_TOKEN", "from-the-environment");

            assertEquals(TOKEN, readInProject().token.value());
        }

        @Test
        void aTokenThatCannotBeAHeaderIsRejectedWithoutShowingIt() {
            servers.put("stanterprise", "stp_with space");

            String message = invalidInProject().getMessage();

            assertTrue(message.contains("settings.xml server 'stanterprise'"), message);
            assertFalse(message.contains("stp_with"), message);
        }

        @Test
        void aTokenInThePomStopsTheBuildAndSaysWhereItGoes() {
            pom.put("token", TOKEN);

            String message = invalidInProject("endpoint", "token").getMessage();

            assertTrue(message.contains("settings.xml") && message.contains("STANTERPRISE_TOKEN")
                    && message.contains("serverId"), message);
            assertFalse(message.contains(TOKEN), message);
        }

        @Test
        void aTokenUserPropertyStopsTheBuildToo() {
            userProperties.setProperty("stanterprise.token", TOKEN);

            String message = invalidInProject().getMessage();

            assertTrue(message.contains("settings.xml") && message.contains("STANTERPRISE_TOKEN"), message);
            assertFalse(message.contains(TOKEN), message);
        }

        @Test
        void theTokenIsNeverInItsOwnDescription() throws ConfigurationException {
            servers.put("stanterprise", TOKEN);

            assertFalse(readInProject().token.toString().contains(TOKEN));
        }

        @ParameterizedTest
        @ValueSource(strings = {"observer.example.com:50051", "10.0.0.7:50051", "[2001:db8::1]:50051"})
        void aTokenInPlaintextToAnotherMachineIsFlagged(String endpoint) throws ConfigurationException {
            servers.put("stanterprise", TOKEN);
            pom.put("endpoint", endpoint);

            assertTrue(readInProject().sendsTokenInPlaintext());

            pom.put("tls", "true");
            assertFalse(readInProject().sendsTokenInPlaintext());
        }

        @ParameterizedTest
        @ValueSource(strings = {"localhost:50051", "LOCALHOST:50051", "127.0.0.1:50051", "127.1.2.3:50051",
                "[::1]:50051"})
        void plaintextOnThisMachineIsNotFlagged(String endpoint) throws ConfigurationException {
            servers.put("stanterprise", TOKEN);
            pom.put("endpoint", endpoint);

            assertFalse(readInProject().sendsTokenInPlaintext());
        }

        @Test
        void plaintextWithoutATokenIsNotFlagged() throws ConfigurationException {
            pom.put("endpoint", "observer.example.com:50051");

            assertFalse(readInProject().sendsTokenInPlaintext());
        }
    }
}
