package com.example.testng;

import org.testng.SkipException;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

/** Every outcome TestNG has, once. */
public class KindsTest {

    @Test
    public void passes() {
        assertEquals(1 + 1, 2);
    }

    @Test
    public void fails() {
        assertEquals(2, 1, "one is not two");
    }

    @Test
    public void errors() {
        throw new IllegalStateException("the ledger is closed");
    }

    @Test
    public void skipsItself() {
        throw new SkipException("not on this machine");
    }

    @Test(dependsOnMethods = "fails")
    public void dependsOnAFailure() {
    }

    @DataProvider
    public Object[][] numbers() {
        return new Object[][] {{1}, {2}, {-3}};
    }

    @Test(dataProvider = "numbers")
    public void isPositive(int number) {
        assertTrue(number > 0, number + " is not positive");
    }
}
