package com.example.crashing;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Partly sent when CHaltsTest ends the JVM: its repetitions fill a batch, which the listener
 * sends at once (the flush interval is long), so the collector has the class's begin; what came
 * after, its end included, was still in the buffer. Surefire's report has the class complete.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class APartlySentTest {

    @RepeatedTest(200)
    @Order(1)
    void repeats() {
        assertEquals(2, 1 + 1);
    }

    @Test
    @Order(2)
    void sleepsThenPasses() throws InterruptedException {
        // The full batch has gone by now; nothing from here on leaves the JVM.
        Thread.sleep(500);
    }

    @Test
    @Order(3)
    void failsAfterwards() {
        assertEquals(3, 1 + 1, "one and one");
    }
}
