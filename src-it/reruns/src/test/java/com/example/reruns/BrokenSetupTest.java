package com.example.reruns;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A class whose @BeforeAll throws: none of its tests run. */
class BrokenSetupTest {

    @BeforeAll
    static void connect() {
        throw new IllegalStateException("the database is down");
    }

    @Test
    void first() {
    }

    @Test
    void second() {
    }
}
