package com.stanterprise.listener;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Stable ids: the same test in the same Surefire/Failsafe execution gets the same id in every
 * run, so the collector can follow a test's history. Name-based UUIDs of the JUnit unique id.
 */
final class Ids {

    private Ids() {
    }

    static String of(String executionKey, String uniqueId) {
        return UUID.nameUUIDFromBytes((executionKey + '\n' + uniqueId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
