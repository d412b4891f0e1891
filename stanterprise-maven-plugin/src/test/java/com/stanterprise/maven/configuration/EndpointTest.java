package com.stanterprise.maven.configuration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EndpointTest {

    @ParameterizedTest
    @CsvSource({
            "observer.example.com:50051, observer.example.com, 50051",
            "localhost:1, localhost, 1",
            "127.0.0.1:65535, 127.0.0.1, 65535",
            "[::1]:50051, [::1], 50051",
            "[2001:db8::7]:443, [2001:db8::7], 443",
    })
    void parsesHostAndPort(String text, String host, int port) {
        Endpoint endpoint = Endpoint.parse(text);

        assertEquals(host, endpoint.host);
        assertEquals(port, endpoint.port);
        assertEquals(host + ":" + port, endpoint.target());
        assertEquals(endpoint.target(), endpoint.toString());
    }

    @Test
    void surroundingSpaceIsIgnored() {
        assertEquals("collector:50051", Endpoint.parse("  collector:50051\n").target());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://x:1", "HTTPS://x:1", "x:1/v1", "localhost", "localhost:", ":1", "host:0",
            "host:-1", "host:65536", "host:99999", "host:abc", "::1", "::1:50051", "[::1:50051", "::1]:50051", ""})
    void rejects(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Endpoint.parse(text));

        assertTrue(e.getMessage() != null && !e.getMessage().isEmpty(), "says what is wrong");
    }

    @Test
    void unbracketedIpv6SaysToUseBrackets() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("::1:50051"));

        assertTrue(e.getMessage().contains("[::1]:50051"), e.getMessage());
    }
}
