package com.example.testngprovider;

import org.testng.Assert;
import org.testng.annotations.Test;

/** Three invocations of one method, the second failing: three tests, one of them failed. */
public class InvocationTest {

    private int invocations;

    @Test(invocationCount = 3)
    public void invoked() {
        invocations++;
        if (invocations == 2) {
            Assert.fail("second invocation fails");
        }
    }
}
