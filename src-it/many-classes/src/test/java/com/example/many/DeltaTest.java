package com.example.many;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DeltaTest {

    @Test
    void adds() {
        assertEquals(5, 4 + 1);
    }

    @Test
    void printsALine() {
        System.out.println("Delta says hello");
        assertEquals("Delta".length(), "Delta".chars().count());
    }
}
