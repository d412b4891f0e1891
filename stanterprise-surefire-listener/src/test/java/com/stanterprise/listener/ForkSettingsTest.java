package com.stanterprise.listener;

import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForkSettingsTest {

    private static Properties properties(String... keysAndValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }

    private static Properties usable(String... more) {
        Properties properties = properties(more);
        properties.setProperty(ForkSettings.CHANNEL, "127.0.0.1:40123");
        properties.setProperty(ForkSettings.SECRET_FILE, secretFile("s3cret"));
        return properties;
    }

    @Test
    void nullWhenTheExtensionDidNotStartThisJvm() {
        assertNull(ForkSettings.from(new Properties()));
        assertNull(ForkSettings.from(properties(ForkSettings.CHANNEL, "127.0.0.1:40123")), "no secret");
        assertNull(ForkSettings.from(properties(ForkSettings.SECRET_FILE, secretFile("s3cret"))), "no channel");
        assertNull(ForkSettings.from(properties(ForkSettings.CHANNEL, "127.0.0.1:40123", ForkSettings.SECRET_FILE, secretFile(""))),
                "empty secret");
    }

    @Test
    void nullWhenTheChannelIsNotHostColonPort() {
        assertNull(ForkSettings.from(properties(ForkSettings.CHANNEL, "localhost", ForkSettings.SECRET_FILE, secretFile("s"))));
        assertNull(ForkSettings.from(properties(ForkSettings.CHANNEL, ":40123", ForkSettings.SECRET_FILE, secretFile("s"))));
        assertNull(ForkSettings.from(properties(ForkSettings.CHANNEL, "localhost:", ForkSettings.SECRET_FILE, secretFile("s"))));
        assertNull(ForkSettings.from(properties(ForkSettings.CHANNEL, "localhost:http", ForkSettings.SECRET_FILE, secretFile("s"))));
    }

    @Test
    void parsesHostAndPortAndFallsBackToDefaultsForWhatIsMissing() {
        ForkSettings settings = ForkSettings.from(usable());

        assertNotNull(settings);
        assertEquals("127.0.0.1", settings.host);
        assertEquals(40123, settings.port);
        assertEquals("s3cret", settings.secret);
        assertEquals("", settings.executionKey);
        assertEquals(ForkSettings.DEFAULT_FLUSH_INTERVAL_MS, settings.flushIntervalMs);
        assertEquals(ForkSettings.DEFAULT_BUFFER_BYTES, settings.bufferBytes);
        assertEquals(ForkSettings.DEFAULT_BATCH_SIZE, settings.batchSize);
    }

    @Test
    void readsTheExecutionKeyAndTuning() {
        ForkSettings settings = ForkSettings.from(usable(
                ForkSettings.EXECUTION, "com.example:app:surefire:default-test",
                ForkSettings.FLUSH_INTERVAL_MS, "25",
                ForkSettings.BUFFER_BYTES, " 4096 ",
                ForkSettings.BATCH_SIZE, "10"));

        assertNotNull(settings);
        assertEquals("com.example:app:surefire:default-test", settings.executionKey);
        assertEquals(25, settings.flushIntervalMs);
        assertEquals(4096, settings.bufferBytes);
        assertEquals(10, settings.batchSize);
    }

    @Test
    void zeroOrNegativeTuningFallsBackToDefaults() {
        ForkSettings settings = ForkSettings.from(usable(
                ForkSettings.FLUSH_INTERVAL_MS, "0",
                ForkSettings.BUFFER_BYTES, "-1",
                ForkSettings.BATCH_SIZE, "-20"));

        assertNotNull(settings);
        assertEquals(ForkSettings.DEFAULT_FLUSH_INTERVAL_MS, settings.flushIntervalMs);
        assertEquals(ForkSettings.DEFAULT_BUFFER_BYTES, settings.bufferBytes);
        assertEquals(ForkSettings.DEFAULT_BATCH_SIZE, settings.batchSize);
    }

    @Test
    void parsesAHostName() {
        ForkSettings settings = ForkSettings.from(properties(
                ForkSettings.CHANNEL, "localhost:1", ForkSettings.SECRET_FILE, secretFile("s")));
        assertNotNull(settings);
        assertEquals("localhost", settings.host);
        assertEquals(1, settings.port);
    }

    @Test
    void aBatchSizeBeyondIntRangeStillGivesAPositiveBatchSize() {
        // 2^32 parses as a positive long but (int) 4294967296L == 0: a batch size of 0 makes the
        // sender spin without ever draining the buffer, and every event is lost.
        ForkSettings settings = ForkSettings.from(usable(ForkSettings.BATCH_SIZE, "4294967296"));

        if (settings != null) {
            assertTrue(settings.batchSize > 0, "batchSize was " + settings.batchSize);
        }
    }

    /** The extension hands the secret over in a file; the property names the file. */
    private static String secretFile(String secret) {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("stanterprise-secret", ".txt");
            file.toFile().deleteOnExit();
            java.nio.file.Files.write(file, secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return file.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
