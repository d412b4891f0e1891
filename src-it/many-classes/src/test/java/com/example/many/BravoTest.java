package com.example.many;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BravoTest {

    @Test
    void adds() {
        assertEquals(3, 2 + 1);
    }

    @Test
    void printsALine() {
        System.out.println("Bravo says hello");
        assertEquals("Bravo".length(), "Bravo".chars().count());
    }
}
