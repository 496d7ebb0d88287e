package dev.reprise.bench;

import java.util.ArrayList;
import java.util.List;

/** The measured repetitions of one workload, in the order they ran. */
record Measurement(String workload, String system, String unit, List<Double> runs) {

  Measurement {
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("no runs for " + workload);
    }
    runs = List.copyOf(runs);
  }

  double median() {
    List<Double> sorted = new ArrayList<>(runs);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  double min() {
    return runs.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
  }

  double max() {
    return runs.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
  }
}
