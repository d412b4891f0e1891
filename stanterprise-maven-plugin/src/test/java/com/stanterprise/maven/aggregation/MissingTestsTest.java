package com.stanterprise.maven.aggregation;

import com.stanterprise.testsystem.v1.common.TestStatus;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MissingTestsTest {

    private static ReportedTest reported(String className, String name) {
        return new ReportedTest(className, name, TestStatus.PASSED, 0, "", "", false);
    }

    @Test
    void aTestTheForksBeganIsNotMissing() {
        List<ReportedTest> reported = Arrays.asList(reported("com.example.A", "adds"), reported("com.example.A", "subtracts"));
        Map<String, Integer> received = new HashMap<>();
        received.put("com.example.A#adds", 1);

        assertEquals(Collections.singletonList(reported.get(1)), MissingTests.of(reported, received));
    }

    @Test
    void invocationsOfAMethodAreCountedNotNamed() {
        List<ReportedTest> reported = Arrays.asList(reported("com.example.A", "sums(int)[1]"),
                reported("com.example.A", "sums(int)[2]"), reported("com.example.A", "sums(int)[3]"));
        Map<String, Integer> received = new HashMap<>();
        received.put("com.example.A#sums", 2);

        assertEquals(Collections.singletonList(reported.get(2)), MissingTests.of(reported, received));
    }

    @Test
    void aClassNoForkSentIsMissingWhole() {
        List<ReportedTest> reported = Arrays.asList(reported("com.example.A", "adds"), reported("com.example.B", ""),
                reported("com.example.A$Inner", "adds"));
        Map<String, Integer> received = new HashMap<>();
        received.put("com.example.A#adds", 1);

        assertEquals(Arrays.asList(reported.get(1), reported.get(2)), MissingTests.of(reported, received),
                "a class that failed (no method) and a nested class are tests of their own");
    }

    @Test
    void moreFromTheForksThanInTheReportsMissesNothing() {
        Map<String, Integer> received = new HashMap<>();
        received.put("com.example.A#adds", 3);

        assertEquals(Collections.emptyList(), MissingTests.of(
                Collections.singletonList(reported("com.example.A", "adds")), received));
    }
}
