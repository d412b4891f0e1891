package com.example.kinds;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/** Every kind of outcome and container JUnit Jupiter has, once. */
class KindsTest {

    @Test
    @Tag("fast")
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

    @RepeatedTest(2)
    void repeated() {
    }

    @TestFactory
    Stream<DynamicTest> dynamic() {
        return Stream.of(dynamicTest("first", () -> { }), dynamicTest("second", () -> { }));
    }

    @Nested
    class Inner {
        @Test
        void nestedPasses() {
        }
    }
}
