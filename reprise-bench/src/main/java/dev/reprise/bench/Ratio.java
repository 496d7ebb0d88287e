package dev.reprise.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * A Reprise rate divided by the reference rate measured in the same round (the workloads of a round
 * run one after another, so a pair shares the machine's state). Its median, min and max are over
 * the rounds, like a {@link Measurement}'s.
 */
record Ratio(String name, List<Double> runs, double target) {

  static Ratio of(Measurement numerator, Measurement denominator, double target) {
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < numerator.runs().size(); i++) {
      ratios.add(numerator.runs().get(i) / denominator.runs().get(i));
    }
    return new Ratio(numerator.workload() + "/" + denominator.workload(), ratios, target);
  }

  Measurement asMeasurement() {
    return new Measurement(name, "reprise", "ratio", runs);
  }

  boolean hasTarget() {
    return target > 0;
  }
}
