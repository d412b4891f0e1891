package com.stanterprise.listener;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Stable ids: the same test in the same Surefire/Failsafe execution gets the same id in every
 * run, so the collector can follow a test's history. Name-based UUIDs of the JUnit unique id.
 */
final class Ids {

    /**
     * {@link UUID#nameUUIDFromBytes} looks MD5 up among the security providers on every call, and
     * this runs on the test thread several times per test (see benchmarks/, ListenerHotPathBenchmark).
     */
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(Ids::md5);

    private Ids() {
    }

    /** The same UUID as {@code UUID.nameUUIDFromBytes((executionKey + '\n' + uniqueId) in UTF-8)}. */
    static String of(String executionKey, String uniqueId) {
        MessageDigest md5 = MD5.get();
        md5.update(executionKey.getBytes(StandardCharsets.UTF_8));
        md5.update((byte) '\n');
        byte[] hash = md5.digest(uniqueId.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x30); // version 3, name-based
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
        long most = 0;
        long least = 0;
        for (int i = 0; i < 8; i++) {
            most = (most << 8) | (hash[i] & 0xff);
            least = (least << 8) | (hash[i + 8] & 0xff);
        }
        return new UUID(most, least).toString();
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new InternalError("MD5 not supported", e);
        }
    }
}
