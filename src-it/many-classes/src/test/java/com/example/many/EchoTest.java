package com.example.many;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EchoTest {

    @Test
    void adds() {
        assertEquals(6, 5 + 1);
    }

    @Test
    void printsALine() {
        System.out.println("Echo says hello");
        assertEquals("Echo".length(), "Echo".chars().count());
    }
}
