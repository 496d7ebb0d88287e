package dev.reprise.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Durations recorded from many threads into one preallocated array, without a lock: each sample
 * takes the next slot; samples past the capacity are dropped (and counted). Percentiles are
 * nearest-rank over what was kept.
 */
final class Latencies {
  private final long[] nanos;
  private final AtomicInteger next = new AtomicInteger();

  Latencies(int capacity) {
    this.nanos = new long[capacity];
  }

  void record(long durationNanos) {
    int i = next.getAndIncrement();
    if (i < nanos.length) {
      nanos[i] = durationNanos;
    }
  }

  int count() {
    return Math.min(next.get(), nanos.length);
  }

  /** The sorted samples, in milliseconds. */
  double[] sortedMillis() {
    int n = count();
    long[] copy = Arrays.copyOf(nanos, n);
    Arrays.sort(copy);
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      ms[i] = copy[i] / 1e6;
    }
    return ms;
  }

  /** Nearest-rank percentile of sorted values; NaN when there are none. */
  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
