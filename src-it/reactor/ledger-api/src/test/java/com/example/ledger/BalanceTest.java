package com.example.ledger;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BalanceTest {

    @Test
    void sumsPostings() {
        assertEquals(30, new Ledger().post(10).post(20).balance());
    }

    @Test
    void creditsCancelDebits() {
        assertEquals(0, new Ledger().post(10).post(-10).balance());
    }
}
