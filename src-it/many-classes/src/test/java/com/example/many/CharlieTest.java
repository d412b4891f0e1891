package com.example.many;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CharlieTest {

    @Test
    void adds() {
        assertEquals(4, 3 + 1);
    }

    @Test
    void printsALine() {
        System.out.println("Charlie says hello");
        assertEquals("Charlie".length(), "Charlie".chars().count());
    }
}
