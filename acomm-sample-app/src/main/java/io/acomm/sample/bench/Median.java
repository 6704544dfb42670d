package io.acomm.sample.bench;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The median of a figure over the repeated runs of a phase: the middle one for an odd number of runs, the upper of
 * the two middle ones for an even number.
 */
final class Median {

    private Median() {
    }

    static <T> double of(List<T> runs, ToDoubleFunction<T> figure) {
        return runs.stream().mapToDouble(figure).sorted().toArray()[runs.size() / 2];
    }
}
