package com.example.many;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AlphaTest {

    @Test
    void adds() {
        assertEquals(2, 1 + 1);
    }

    @Test
    void printsALine() {
        System.out.println("Alpha says hello");
        assertEquals("Alpha".length(), "Alpha".chars().count());
    }
}
