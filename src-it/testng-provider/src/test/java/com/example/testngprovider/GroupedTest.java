package com.example.testngprovider;

import org.testng.annotations.Test;

public class GroupedTest {

    @Test(groups = "later")
    public void inTheGroup() {
    }
}
