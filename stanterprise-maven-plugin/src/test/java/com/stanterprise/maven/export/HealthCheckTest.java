package com.stanterprise.maven.export;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HealthCheckTest {

    /** The build log then says the token was refused, not that the collector is out of reach. */
    @Test
    void aCheckRefusedForTheTokenIsToldFromAnUnreachableCollector() {
        assertTrue(HealthCheck.refusedForAuthentication("UNAUTHENTICATED: invalid token"));
        assertTrue(HealthCheck.refusedForAuthentication("PERMISSION_DENIED"));
        assertFalse(HealthCheck.refusedForAuthentication("UNAVAILABLE: io exception"));
        assertFalse(HealthCheck.refusedForAuthentication("DEADLINE_EXCEEDED: deadline exceeded after 2s"));
        assertFalse(HealthCheck.refusedForAuthentication(null));
    }
}
