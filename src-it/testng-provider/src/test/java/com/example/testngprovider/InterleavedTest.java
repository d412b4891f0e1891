package com.example.testngprovider;

import org.testng.annotations.Test;

/** Its second test waits for a group of GroupedTest: TestNG runs that class in between. */
public class InterleavedTest {

    @Test
    public void first() {
    }

    @Test(dependsOnGroups = "later")
    public void afterTheGroup() {
    }
}
