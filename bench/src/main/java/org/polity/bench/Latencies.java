package org.polity.bench;

import java.util.Arrays;
import java.util.Collection;

/**
 * Every latency of a run, in nanoseconds, kept whole (no buckets): a run of a few hundred thousand requests is a
 * few megabytes. Percentiles are nearest-rank on the sorted values (p99 of 100 values is the 99th smallest).
 * Not thread-safe: each sender records into its own, and {@link #merge} joins them after the run.
 */
public final class Latencies {
    private long[] values = new long[1024];
    private int size;
    private boolean sorted = true;

    public void record(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[size++] = nanos;
        sorted = false;
    }

    public int count() {
        return size;
    }

    public static Latencies merge(Collection<Latencies> parts) {
        Latencies all = new Latencies();
        int total = parts.stream().mapToInt(Latencies::count).sum();
        all.values = new long[Math.max(total, 1)];
        for (Latencies p : parts) {
            System.arraycopy(p.values, 0, all.values, all.size, p.size);
            all.size += p.size;
        }
        all.sorted = all.size <= 1;
        return all;
    }

    /** The nearest-rank percentile, {@code 0 < percent <= 100}, in nanoseconds; 0 when nothing was recorded. */
    public long percentile(double percent) {
        if (percent <= 0 || percent > 100) {
            throw new IllegalArgumentException("percent must be in (0, 100]: " + percent);
        }
        if (size == 0) {
            return 0;
        }
        sort();
        int rank = (int) Math.ceil(percent / 100.0 * size);
        return values[Math.max(rank, 1) - 1];
    }

    public long max() {
        if (size == 0) {
            return 0;
        }
        sort();
        return values[size - 1];
    }

    private void sort() {
        if (!sorted) {
            Arrays.sort(values, 0, size);
            sorted = true;
        }
    }

    /** Milliseconds with two decimals, for the tables. */
    public static String ms(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.2f", nanos / 1_000_000.0);
    }
}
