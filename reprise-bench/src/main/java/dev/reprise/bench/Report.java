package dev.reprise.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints results for people, as tables; {@link Results} prints them for machines. */
final class Report {
  private final PrintStream out;
  private final String setting;

  /**
   * {@code setting} names the store and its durability in the table headers, e.g. {@code
   * synchronous=FULL}.
   */
  Report(PrintStream out, String setting) {
    this.out = out;
    this.setting = setting;
  }

  void repetition(String label, Workload workload, double rate) {
    repetition(label, workload.name(), rate, workload.unit());
  }

  void repetition(String label, String workload, double value, String unit) {
    out.printf(Locale.ROOT, "  %-8s %-44s %12s %s%n", label, workload, format(value, unit), unit);
  }

  /** {@code concurrent} may be null when that workload was not run. */
  void table(
      List<Measurement> measurements,
      List<Ratio> ratios,
      Measurement concurrent,
      double concurrentTarget) {
    out.println();
    out.printf(
        Locale.ROOT,
        "%-40s %-8s %12s %12s %12s  %s%n",
        "workload (" + setting + ")",
        "system",
        "median",
        "min",
        "max",
        "unit");
    for (Measurement m : measurements) {
      row(m);
    }
    if (!ratios.isEmpty()) {
      out.println();
      out.println("ratios (per repetition: Reprise rate / raw commit rate of the same repetition)");
    }
    for (Ratio r : ratios) {
      Measurement m = r.asMeasurement();
      out.printf(
          Locale.ROOT,
          "%-40s %-8s %12s %12s %12s  %s%n",
          m.workload(),
          "",
          ratio(m.median()),
          ratio(m.min()),
          ratio(m.max()),
          r.hasTarget()
              ? "target >= " + ratio(r.target()) + ": " + verdict(m.median() >= r.target())
              : "");
    }
    if (concurrent != null) {
      out.println();
      out.printf(
          Locale.ROOT,
          "%s: median %s steps/s, target >= %s steps/s: %s%n",
          concurrent.workload(),
          number(concurrent.median()),
          number(concurrentTarget),
          verdict(concurrent.median() >= concurrentTarget));
    }
  }

  private void row(Measurement m) {
    out.printf(
        Locale.ROOT,
        "%-40s %-8s %12s %12s %12s  %s%n",
        m.workload(),
        m.system(),
        number(m.median()),
        number(m.min()),
        number(m.max()),
        m.unit());
  }

  /**
   * A table of measurements in their own units, each with its target and verdict when it has one
   * ({@code targets} is keyed by workload name).
   */
  void table(List<Measurement> measurements, Map<String, Target> targets) {
    out.println();
    out.printf(
        Locale.ROOT,
        "%-44s %12s %12s %12s  %-8s %s%n",
        "measurement (" + setting + ")",
        "median",
        "min",
        "max",
        "unit",
        "target");
    for (Measurement m : measurements) {
      Target t = targets.get(m.workload());
      out.printf(
          Locale.ROOT,
          "%-44s %12s %12s %12s  %-8s %s%n",
          m.workload(),
          format(m.median(), m.unit()),
          format(m.min(), m.unit()),
          format(m.max(), m.unit()),
          m.unit(),
          t == null
              ? ""
              : t.symbol() + " " + format(t.value(), m.unit()) + ": " + verdict(t.met(m.median())));
    }
  }

  private static String verdict(boolean met) {
    return met ? "met" : "MISSED";
  }

  private static String number(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }

  /** Rates and counts as whole numbers; times and sizes with the decimals they need. */
  private static String format(double v, String unit) {
    return switch (unit) {
      case "ms", "MB" -> String.format(Locale.ROOT, "%,.1f", v);
      case "s" -> String.format(Locale.ROOT, "%,.2f", v);
      default -> number(v);
    };
  }

  private static String ratio(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
