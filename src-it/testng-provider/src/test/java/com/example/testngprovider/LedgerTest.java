package com.example.testngprovider;

import org.testng.Assert;
import org.testng.SkipException;
import org.testng.annotations.Test;

public class LedgerTest {

    @Test
    public void balances() {
        Assert.assertEquals(2 + 2, 4);
    }

    @Test
    public void failsAnAssertion() {
        Assert.assertEquals(2 + 2, 5, "arithmetic");
    }

    @Test
    public void throwsAnError() {
        throw new IllegalStateException("ledger is closed");
    }

    @Test
    public void skipsItself() {
        throw new SkipException("not on this ledger");
    }

    @Test(dependsOnMethods = "failsAnAssertion")
    public void dependsOnAFailure() {
    }

    @Test(enabled = false)
    public void disabled() {
    }
}
