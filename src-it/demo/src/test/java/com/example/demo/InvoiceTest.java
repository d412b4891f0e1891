package com.example.demo;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InvoiceTest {

    @Test
    void addsAmounts() {
        assertEquals(150, new Invoice("acme", 100).plus(50).cents());
    }

    @Test
    void refusesNegativeAmounts() {
        assertThrows(IllegalArgumentException.class, () -> new Invoice("acme", -1));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 99})
    void keepsTheCustomer(long cents) {
        assertEquals("acme", new Invoice("acme", cents).customer());
    }

    @Test
    @Disabled("waits for currencies")
    void convertsCurrencies() {
    }

    @Nested
    class WhenEmpty {
        @Test
        void isZero() {
            assertEquals(0, new Invoice("acme", 0).cents());
        }
    }
}
