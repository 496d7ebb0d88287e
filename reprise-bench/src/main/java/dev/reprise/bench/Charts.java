package dev.reprise.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Bar charts of the medians, one PNG per suite and unit ({@code embedded-steps-per-s.png}, ...):
 * one bar group per workload, one series per system (and durability setting); the error bar reaches
 * the farther of min and max (XChart's error bars are symmetric). Pending figures have no bar.
 */
final class Charts {
  private Charts() {}

  /**
   * The measured figures of saved {@code --json} output (pending ones are skipped), as if they had
   * just been measured: to chart the runs of several commands together.
   */
  static Results read(List<Path> jsonLines) throws IOException {
    Results results = new Results(null);
    ObjectMapper mapper = new ObjectMapper();
    for (Path file : jsonLines) {
      for (String line : Files.readAllLines(file)) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode o = mapper.readTree(line);
        if (o.path("runs").isEmpty()) {
          continue;
        }
        List<Double> runs = new ArrayList<>();
        o.get("runs").forEach(r -> runs.add(r.asDouble()));
        Measurement m =
            new Measurement(
                o.get("workload").asText(), o.get("system").asText(), o.get("unit").asText(), runs);
        results.add(
            o.get("suite").asText(),
            o.hasNonNull("synchronous") ? o.get("synchronous").asText() : null,
            m,
            null);
      }
    }
    return results;
  }

  static List<Path> write(Path dir, Results results) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Files.createDirectories(dir);
    Map<String, List<Results.Row>> byChart = new LinkedHashMap<>();
    for (Results.Row row : results.rows()) {
      byChart
          .computeIfAbsent(row.suite() + "|" + row.measurement().unit(), k -> new ArrayList<>())
          .add(row);
    }
    List<Path> written = new ArrayList<>();
    for (var e : byChart.entrySet()) {
      String suite = e.getKey().substring(0, e.getKey().indexOf('|'));
      String unit = e.getKey().substring(e.getKey().indexOf('|') + 1);
      Path png = dir.resolve(suite + "-" + fileName(unit) + ".png");
      chart(suite, unit, e.getValue(), png);
      written.add(png);
    }
    return written;
  }

  private static void chart(String suite, String unit, List<Results.Row> rows, Path png)
      throws IOException {
    Set<String> workloads = new LinkedHashSet<>();
    Map<String, Map<String, Measurement>> series = new LinkedHashMap<>();
    for (Results.Row r : rows) {
      Measurement m = r.measurement();
      workloads.add(m.workload());
      String name = r.setting() == null ? m.system() : m.system() + " " + r.setting();
      series.computeIfAbsent(name, k -> new LinkedHashMap<>()).put(m.workload(), m);
    }
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(Math.max(800, 60 * workloads.size() * Math.max(1, series.size())))
            .height(900)
            .title(
                "reprise-bench "
                    + suite
                    + " ("
                    + unit
                    + ", median; error bar: the farther of min and max)")
            .yAxisTitle(unit)
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    chart.getStyler().setXAxisLabelRotation(90);
    chart.getStyler().setOverlapped(false);
    chart.getStyler().setErrorBarsColor(java.awt.Color.DARK_GRAY);
    List<String> x = new ArrayList<>(workloads);
    for (var s : series.entrySet()) {
      List<Double> y = new ArrayList<>();
      List<Double> err = new ArrayList<>();
      for (String w : x) {
        Measurement m = s.getValue().get(w);
        y.add(m == null ? 0.0 : m.median());
        err.add(m == null ? 0.0 : Math.max(m.max() - m.median(), m.median() - m.min()));
      }
      chart.addSeries(s.getKey(), x, y, err);
    }
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private static String fileName(String unit) {
    return unit.toLowerCase(Locale.ROOT).replace("/", "-per-").replaceAll("[^a-z0-9-]", "-");
  }
}
