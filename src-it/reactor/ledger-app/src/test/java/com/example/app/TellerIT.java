package com.example.app;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TellerIT {

    @Test
    void formatsLargeAmounts() {
        assertEquals("12345.67", new Teller().format(1234567));
    }

    @Test
    void formatsZero() {
        assertEquals("0.00", new Teller().format(0));
    }
}
