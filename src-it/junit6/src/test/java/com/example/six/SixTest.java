package com.example.six;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Every outcome, on JUnit 6. */
class SixTest {

    @Test
    void passes() {
        assertEquals(2, 1 + 1);
    }

    @Test
    void fails() {
        assertEquals(1, 2, "one is not two");
    }

    @Test
    void errors() {
        throw new IllegalStateException("the ledger is closed");
    }

    @Test
    @Disabled("not today")
    void disabled() {
    }

    @Test
    void aborted() {
        assumeTrue(false, "not on this machine");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void parameterized(int n) {
        assertTrue(n > 0);
    }

    @Nested
    class Inner {
        @Test
        void nestedPasses() {
        }
    }
}
