package com.stanterprise.listener;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Properties;

/**
 * What the Maven JVM tells this test JVM, through system properties that Surefire's booter sets
 * from its (deleted after start) properties file, never from the command line.
 */
final class ForkSettings {

    static final String CHANNEL = "stanterprise.channel";
    /**
     * A file that holds the per-build secret. The secret itself is never a property: Maven's
     * debug log prints a mojo's configuration, and Surefire's reports print system properties.
     */
    static final String SECRET_FILE = "stanterprise.secretFile";
    static final String EXECUTION = "stanterprise.execution";
    static final String FLUSH_INTERVAL_MS = "stanterprise.fork.flushIntervalMs";
    static final String BUFFER_BYTES = "stanterprise.fork.bufferBytes";
    static final String BATCH_SIZE = "stanterprise.fork.batchSize";
    static final String MAX_OUTPUT_BYTES_PER_TEST = "stanterprise.fork.maxOutputBytesPerTest";
    /** The Maven JVM's process id: a JVM with another one is a fork of its own. */
    static final String AGGREGATOR_PID = "stanterprise.aggregatorPid";

    static final long DEFAULT_FLUSH_INTERVAL_MS = 100;
    static final long DEFAULT_BUFFER_BYTES = 16L * 1024 * 1024;
    static final int DEFAULT_BATCH_SIZE = 256;
    static final long DEFAULT_MAX_OUTPUT_BYTES_PER_TEST = 1024 * 1024;
    /** A fork frame stays well below the aggregator's frame limit. */
    static final int MAX_FRAME_BYTES = 1024 * 1024;

    final String host;
    final int port;
    final String secret;
    final String executionKey;
    final long flushIntervalMs;
    final long bufferBytes;
    final int batchSize;
    final long maxOutputBytesPerTest;
    /**
     * True in a JVM that Surefire forked, false in the Maven JVM itself (forkCount 0) or when
     * unknown: a forked JVM keeps its connection from one test run to the next until it exits.
     */
    final boolean forked;

    ForkSettings(String host, int port, String secret, String executionKey,
                 long flushIntervalMs, long bufferBytes, int batchSize) {
        this(host, port, secret, executionKey, flushIntervalMs, bufferBytes, batchSize,
                DEFAULT_MAX_OUTPUT_BYTES_PER_TEST);
    }

    ForkSettings(String host, int port, String secret, String executionKey,
                 long flushIntervalMs, long bufferBytes, int batchSize, long maxOutputBytesPerTest) {
        this(host, port, secret, executionKey, flushIntervalMs, bufferBytes, batchSize, maxOutputBytesPerTest, false);
    }

    ForkSettings(String host, int port, String secret, String executionKey, long flushIntervalMs, long bufferBytes,
                 int batchSize, long maxOutputBytesPerTest, boolean forked) {
        this.forked = forked;
        this.host = host;
        this.port = port;
        this.secret = secret;
        this.executionKey = executionKey;
        this.flushIntervalMs = flushIntervalMs;
        this.bufferBytes = bufferBytes;
        this.batchSize = batchSize;
        this.maxOutputBytesPerTest = maxOutputBytesPerTest;
    }

    /** What this JVM's system properties say; null when the extension did not start it. */
    static ForkSettings ofThisJvm() {
        try {
            return from(System.getProperties());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Null when this JVM was not started by the extension, or what it was given is unusable. */
    static ForkSettings from(Properties properties) {
        String channel = properties.getProperty(CHANNEL);
        String secret = readSecret(properties.getProperty(SECRET_FILE));
        if (channel == null || secret == null || secret.isEmpty()) {
            return null;
        }
        int colon = channel.lastIndexOf(':');
        if (colon <= 0) {
            return null;
        }
        try {
            int port = Integer.parseInt(channel.substring(colon + 1));
            return new ForkSettings(
                    channel.substring(0, colon),
                    port,
                    secret,
                    properties.getProperty(EXECUTION, ""),
                    positiveLong(properties, FLUSH_INTERVAL_MS, DEFAULT_FLUSH_INTERVAL_MS),
                    positiveLong(properties, BUFFER_BYTES, DEFAULT_BUFFER_BYTES),
                    (int) Math.min(Integer.MAX_VALUE, positiveLong(properties, BATCH_SIZE, DEFAULT_BATCH_SIZE)),
                    positiveLong(properties, MAX_OUTPUT_BYTES_PER_TEST, DEFAULT_MAX_OUTPUT_BYTES_PER_TEST),
                    isFork(properties.getProperty(AGGREGATOR_PID)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean isFork(String aggregatorPid) {
        if (aggregatorPid == null) {
            return false;
        }
        long own = ProcessId.current();
        return own > 0 && !aggregatorPid.trim().equals(Long.toString(own));
    }

    private static String readSecret(String file) {
        if (file == null) {
            return null;
        }
        try {
            return new String(Files.readAllBytes(Paths.get(file)), StandardCharsets.UTF_8).trim();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static long positiveLong(Properties properties, String key, long fallback) {
        String value = properties.getProperty(key);
        if (value == null) {
            return fallback;
        }
        long parsed = Long.parseLong(value.trim());
        return parsed > 0 ? parsed : fallback;
    }
}
