package com.example.junit4;

import org.junit.Assume;
import org.junit.Ignore;
import org.junit.Test;

import static org.junit.Assert.assertEquals;

public class LedgerTest {

    @Test
    public void passes() {
        System.out.println("ledger balanced");
        assertEquals(4, 2 + 2);
    }

    @Test
    public void fails() {
        assertEquals("totals", 5, 2 + 2);
    }

    @Test
    public void breaks() {
        throw new IllegalStateException("ledger closed");
    }

    @Ignore("not yet")
    @Test
    public void ignored() {
    }

    @Test
    public void assumes() {
        Assume.assumeTrue("only on Sundays", false);
    }
}
