package com.stanterprise.maven.aggregation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tests in Surefire's reports that the run never heard of. Matched by class and method, and
 * counted: a method with three invocations in the report and two from the fork misses one.
 * Which one cannot be told (display names and Surefire's names differ), so the last ones are
 * taken, in the report's order.
 */
final class MissingTests {

    private MissingTests() {
    }

    /**
     * @param received how many tests of each {@link ReportedTest#key()} the run has from the forks
     */
    static List<ReportedTest> of(List<ReportedTest> reported, Map<String, Integer> received) {
        Map<String, Integer> matched = new HashMap<>();
        List<ReportedTest> missing = new ArrayList<>();
        for (ReportedTest test : reported) {
            int seen = matched.merge(test.key(), 1, Integer::sum);
            if (seen > received.getOrDefault(test.key(), 0)) {
                missing.add(test);
            }
        }
        return missing;
    }
}
