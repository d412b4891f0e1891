package com.example.junit4;

import org.junit.Ignore;
import org.junit.Test;

import static org.junit.Assert.assertTrue;

public class InvoiceTest {

    @Test
    public void issues() throws Exception {
        Thread.sleep(50);
        assertTrue(true);
    }

    @Test
    public void totals() {
        assertTrue(true);
    }

    @Test
    public void rejects() {
        assertTrue("rejected", false);
    }

    @Test
    public void times() {
        throw new ArithmeticException("division by zero");
    }

    @Ignore
    @Test
    public void skipped() {
    }
}
