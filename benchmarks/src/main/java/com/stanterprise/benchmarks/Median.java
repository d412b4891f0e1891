package com.stanterprise.benchmarks;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** The median the benchmarks' tables print: of an odd count the middle value, of an even one the mean of the two. */
final class Median {

    private Median() {
    }

    /** NaN when there is nothing to take it of. */
    static <T> double of(List<T> items, ToDoubleFunction<T> value) {
        double[] values = items.stream().mapToDouble(value).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
