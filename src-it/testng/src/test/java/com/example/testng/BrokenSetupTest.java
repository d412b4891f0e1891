package com.example.testng;

import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/** A class whose @BeforeClass throws: TestNG skips its tests. */
public class BrokenSetupTest {

    @BeforeClass
    public void connect() {
        throw new IllegalStateException("the database is down");
    }

    @Test
    public void first() {
    }

    @Test
    public void second() {
    }
}
