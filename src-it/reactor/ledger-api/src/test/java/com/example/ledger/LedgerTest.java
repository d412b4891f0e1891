package com.example.ledger;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LedgerTest {

    @Test
    void startsEmpty() {
        assertEquals(0, new Ledger().size());
    }

    @Test
    void seesTheModuleSystemProperty() {
        // Set by this module's own systemPropertyVariables, which the extension merges into.
        assertEquals("strict", System.getProperty("ledger.mode"));
    }
}
