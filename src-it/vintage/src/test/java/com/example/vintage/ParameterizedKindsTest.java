package com.example.vintage;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

import java.util.Arrays;
import java.util.Collection;

import static org.junit.Assert.assertTrue;

/** JUnit 4's Parameterized runner: a container per parameter set. */
@RunWith(Parameterized.class)
public class ParameterizedKindsTest {

    @Parameters(name = "{0}")
    public static Collection<Object[]> numbers() {
        return Arrays.asList(new Object[][] {{1}, {2}, {-3}});
    }

    private final int number;

    public ParameterizedKindsTest(int number) {
        this.number = number;
    }

    @Test
    public void isPositive() {
        assertTrue(number + " is not positive", number > 0);
    }
}
