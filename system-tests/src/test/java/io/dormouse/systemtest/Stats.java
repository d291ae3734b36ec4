package io.dormouse.systemtest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Percentiles for the benchmarks' figures. */
final class Stats {
    private Stats() {
    }

    /** The nearest-rank percentile of {@code samples}. */
    static long percentile(List<Long> samples, int percentile) {
        List<Long> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
