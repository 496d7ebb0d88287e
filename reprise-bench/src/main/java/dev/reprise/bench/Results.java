package dev.reprise.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Every figure of one launcher run: printed as one JSON object per line when asked for, and kept
 * for the charts. A measurement that cannot be taken yet (a store that does not exist in this
 * build) is recorded as pending, with the reason, never as a number.
 */
final class Results {

  /**
   * One measured figure.
   *
   * @param setting the durability setting it ran with ({@code FULL}, {@code NORMAL}), or null
   */
  record Row(String suite, String setting, Measurement measurement, Target target) {}

  /** A figure not measured, and why. */
  record Pending(String suite, String system, String workload, String unit, String reason) {}

  private final PrintStream json;
  private final List<Row> rows = new ArrayList<>();
  private final List<Pending> pending = new ArrayList<>();

  /** {@code json} is null unless JSON lines are asked for. */
  Results(PrintStream json) {
    this.json = json;
  }

  synchronized void add(String suite, String setting, Measurement m, Target target) {
    rows.add(new Row(suite, setting, m, target));
    if (json != null) {
      json.println(line(suite, setting, m, target));
    }
  }

  synchronized void pending(
      String suite, String system, String workload, String unit, String reason) {
    pending.add(new Pending(suite, system, workload, unit, reason));
    if (json != null) {
      json.println(
          "{\"suite\":"
              + quote(suite)
              + ",\"system\":"
              + quote(system)
              + ",\"workload\":"
              + quote(workload)
              + ",\"median\":null,\"min\":null,\"max\":null,\"unit\":"
              + quote(unit)
              + ",\"runs\":[],\"pending\":"
              + quote(reason)
              + "}");
    }
  }

  synchronized List<Row> rows() {
    return List.copyOf(rows);
  }

  synchronized List<Pending> pendings() {
    return List.copyOf(pending);
  }

  static String line(String suite, String setting, Measurement m, Target target) {
    String runs =
        m.runs().stream().map(Results::jsonNumber).collect(Collectors.joining(",", "[", "]"));
    StringBuilder line =
        new StringBuilder()
            .append("{\"suite\":")
            .append(quote(suite))
            .append(",\"system\":")
            .append(quote(m.system()))
            .append(",\"workload\":")
            .append(quote(m.workload()));
    if (setting != null) {
      line.append(",\"synchronous\":").append(quote(setting));
    }
    line.append(",\"median\":")
        .append(jsonNumber(m.median()))
        .append(",\"min\":")
        .append(jsonNumber(m.min()))
        .append(",\"max\":")
        .append(jsonNumber(m.max()))
        .append(",\"unit\":")
        .append(quote(m.unit()))
        .append(",\"runs\":")
        .append(runs);
    if (target != null) {
      line.append(",\"target\":")
          .append(jsonNumber(target.value()))
          .append(",\"target_is\":")
          .append(quote(target.kind()))
          .append(",\"met\":")
          .append(target.met(m.median()));
    }
    return line.append('}').toString();
  }

  private static String jsonNumber(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "null";
    }
    return String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
