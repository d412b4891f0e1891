package com.example.testngprovider;

import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

public class SetupTest {
    @BeforeClass
    public void connect() {
        throw new IllegalStateException("no database");
    }

    @Test
    public void one() {
    }

    @Test
    public void two() {
    }
}
