package com.example.vintage;

import org.junit.BeforeClass;
import org.junit.Test;

/** A class whose @BeforeClass throws: none of its tests run. */
public class BrokenSetupTest {

    @BeforeClass
    public static void connect() {
        throw new IllegalStateException("the database is down");
    }

    @Test
    public void first() {
    }

    @Test
    public void second() {
    }
}
