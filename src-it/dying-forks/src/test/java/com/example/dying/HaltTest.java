package com.example.dying;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A test that halts its JVM: no shutdown hook runs, the way a kill -9 or a crash ends it. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HaltTest {

    @Test
    @Order(1)
    void passesFirst() {
        assertEquals(2, 1 + 1);
    }

    @Test
    @Order(2)
    void haltsTheJvm() throws InterruptedException {
        // Longer than the fork's flush interval: what came before has left the JVM.
        Thread.sleep(1_000);
        Runtime.getRuntime().halt(5);
    }
}
