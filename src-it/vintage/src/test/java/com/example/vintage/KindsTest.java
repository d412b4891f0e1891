package com.example.vintage;

import org.junit.Assume;
import org.junit.Ignore;
import org.junit.Test;

import static org.junit.Assert.assertEquals;

/** Every outcome JUnit 4 has, once. */
public class KindsTest {

    @Test
    public void passes() {
        assertEquals(2, 1 + 1);
    }

    @Test
    public void fails() {
        assertEquals("one is not two", 1, 2);
    }

    @Test
    public void errors() {
        throw new IllegalStateException("the ledger is closed");
    }

    @Test
    @Ignore("not today")
    public void ignored() {
    }

    @Test
    public void assumptionFails() {
        Assume.assumeTrue("not on this machine", false);
    }
}
