package com.stanterprise.listener;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IdsTest {

    /** Ids are how the collector follows a test from build to build: they must never change. */
    @Test
    void sameIdsAsNameBasedUuidsOfTheKeyAndTheUniqueId() {
        String[][] cases = {
                {"surefire:test@default-test:ledger", "[engine:junit-jupiter]/[class:com.example.LedgerTest]/[method:adds()]"},
                {"", ""},
                {"failsafe:integration-test@it:api", "[engine:junit-jupiter]/[class:Bücher]/[method:größe(java.lang.String)]"},
                {"k", "[test-template:emoji😀()]/[test-template-invocation:#1]"},
        };
        for (String[] c : cases) {
            String expected = UUID.nameUUIDFromBytes((c[0] + '\n' + c[1]).getBytes(StandardCharsets.UTF_8)).toString();
            assertEquals(expected, Ids.of(c[0], c[1]));
            assertEquals(expected, Ids.of(c[0], c[1]), "the digest is reset after each id");
        }
    }
}
