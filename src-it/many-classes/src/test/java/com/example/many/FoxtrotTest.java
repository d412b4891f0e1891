package com.example.many;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FoxtrotTest {

    @Test
    void adds() {
        assertEquals(7, 6 + 1);
    }

    @Test
    void printsALine() {
        System.out.println("Foxtrot says hello");
        assertEquals("Foxtrot".length(), "Foxtrot".chars().count());
    }
}
