package com.example.kinds;

import org.junit.jupiter.api.Test;

/** What tests print, attributed to them; a flood is cut at the per-test limit. */
class OutputTest {

    @Test
    void talks() {
        System.out.println("hello from the test");
        System.err.println("a warning from the test");
        System.out.print("no newline at the end");
    }

    @Test
    void floods() {
        String line = "0123456789".repeat(10) + "\n";
        for (int i = 0; i < 30_000; i++) {
            System.out.print(line);
        }
    }
}
