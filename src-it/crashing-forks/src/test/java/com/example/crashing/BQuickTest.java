package com.example.crashing;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Done in a few milliseconds, before CHaltsTest ends the JVM they share: with a long flush
 * interval its events are still in the JVM's buffer then, and only Surefire's report has them.
 */
class BQuickTest {

    @Test
    void adds() {
        assertEquals(4, 2 + 2);
    }

    @Test
    void multiplies() {
        assertEquals(6, 2 * 3);
    }

    @Test
    void fails() {
        assertEquals(5, 2 + 2, "two and two");
    }

    @Test
    @Disabled("not today")
    void waits() {
    }
}
