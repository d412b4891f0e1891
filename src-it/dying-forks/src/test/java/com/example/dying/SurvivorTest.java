package com.example.dying;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** In a JVM of its own: the forks that die before or after it change nothing here. */
class SurvivorTest {

    @Test
    void adds() {
        assertEquals(4, 2 + 2);
    }

    @Test
    void compares() {
        assertTrue(1 < 2);
    }
}
