package com.example.dying;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A test that ends its JVM with System.exit: shutdown hooks run, the test never finishes. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExitTest {

    @Test
    @Order(1)
    void passesFirst() {
        assertEquals(2, 1 + 1);
    }

    @Test
    @Order(2)
    void callsSystemExit() throws InterruptedException {
        // Longer than the fork's flush interval: what came before has left the JVM.
        Thread.sleep(1_000);
        System.exit(3);
    }
}
