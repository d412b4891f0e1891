package com.example.ledger.test;

import com.example.ledger.Ledger;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Tests in a module of their own, against the module they test. */
class LedgerTest {

    @Test
    void posts() {
        Ledger ledger = new Ledger();
        ledger.post(5);
        assertEquals(5, ledger.balance());
    }

    @Test
    void failsToAdd() {
        Ledger ledger = new Ledger();
        ledger.post(2);
        assertEquals(3, ledger.balance(), "two is not three");
    }

    @Test
    void errorsOnAnEmptyPosting() {
        new Ledger().post(0);
    }

    @Test
    @Disabled("not today")
    void disabled() {
    }
}
