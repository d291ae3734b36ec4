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

    /** Adds the microseconds since {@code startNanos} to {@code samples}, unless the round is a warm-up. */
    static void record(boolean measured, List<Long> samples, long startNanos) {
        if (measured) {
            samples.add((System.nanoTime() - startNanos) / 1_000);
        }
    }

    /** A benchmark report line: the p50 and p99 of {@code micros}, in milliseconds. */
    static String line(String name, List<Long> micros) {
        return String.format("  %-64s p50 %8.1f ms   p99 %8.1f ms", name, percentile(micros, 50) / 1000.0,
                percentile(micros, 99) / 1000.0);
    }
}
