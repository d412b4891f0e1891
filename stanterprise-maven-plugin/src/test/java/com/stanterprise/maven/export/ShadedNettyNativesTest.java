package com.stanterprise.maven.export;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static com.stanterprise.maven.export.ShadedNettyNatives.NO_NATIVE_TRANSPORT;
import static com.stanterprise.maven.export.ShadedNettyNatives.NO_OPENSSL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ShadedNettyNativesTest {

    @AfterEach
    void clear() {
        System.clearProperty(NO_NATIVE_TRANSPORT);
        System.clearProperty(NO_OPENSSL);
    }

    @Test
    void turnsTheLookupOffWhileSettingUpAndLeavesThePropertiesAsFound() {
        String seen = ShadedNettyNatives.withoutLookup(
                () -> System.getProperty(NO_NATIVE_TRANSPORT) + "," + System.getProperty(NO_OPENSSL));

        assertEquals("true,true", seen);
        assertNull(System.getProperty(NO_NATIVE_TRANSPORT));
        assertNull(System.getProperty(NO_OPENSSL));
    }

    @Test
    void keepsWhatTheUserSet() {
        System.setProperty(NO_OPENSSL, "false");

        String seen = ShadedNettyNatives.withoutLookup(() -> System.getProperty(NO_OPENSSL));

        assertEquals("false", seen);
        assertEquals("false", System.getProperty(NO_OPENSSL));
    }

    @Test
    void leavesThePropertiesAsFoundWhenTheSetUpFails() {
        try {
            ShadedNettyNatives.withoutLookup(() -> {
                throw new IllegalStateException("no channel");
            });
        } catch (IllegalStateException expected) {
            // as thrown
        }

        assertNull(System.getProperty(NO_NATIVE_TRANSPORT));
        assertNull(System.getProperty(NO_OPENSSL));
    }
}
