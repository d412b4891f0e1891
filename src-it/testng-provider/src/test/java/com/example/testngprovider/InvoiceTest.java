package com.example.testngprovider;

import org.testng.Assert;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

public class InvoiceTest {

    @DataProvider
    public Object[][] amounts() {
        return new Object[][] {{"net", 100, 100}, {"gross", 100, 119}, {"zero", 0, 0}};
    }

    @Test(dataProvider = "amounts")
    public void totals(String kind, int amount, int expected) {
        Assert.assertEquals(kind.equals("gross") ? amount + 20 : amount, expected, kind);
    }

    @Test
    public void numbers() {
        Assert.assertTrue(true);
    }
}
