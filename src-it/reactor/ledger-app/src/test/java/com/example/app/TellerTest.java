package com.example.app;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TellerTest {

    @Test
    void formatsCents() {
        assertEquals("1.05", new Teller().format(105));
    }
}
