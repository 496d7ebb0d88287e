package dev.reprise.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks that the suite runs and reports; it asserts nothing about speed. */
class BenchTest {

  @TempDir Path dir;

  @Test
  void smokeSuitePrintsOneJsonObjectPerMeasurementAndRatio() throws Exception {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();

    int code =
        Bench.run(
            print(out),
            print(err),
            "steps",
            "--smoke",
            "--seconds",
            "0.05",
            "--json",
            "--dir",
            dir.toString());

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines)
        .hasSize(7)
        .allSatisfy(
            line ->
                assertThat(line)
                    .startsWith("{\"suite\":\"steps\",")
                    .contains(
                        "\"system\":",
                        "\"workload\":",
                        "\"median\":",
                        "\"min\":",
                        "\"max\":",
                        "\"unit\":",
                        "\"runs\":[")
                    .endsWith("}"));
    assertThat(lines.get(0))
        .contains(
            "\"workload\":\"raw-commits\"", "\"unit\":\"commits/s\"", "\"synchronous\":\"FULL\"");
    assertThat(lines.get(3))
        .contains("\"workload\":\"concurrent-64-runs-of-10\"", "\"target\":20000");
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("raw-commits", "sequential-long-runs-of-500", "ratios");
    try (var files = Files.list(dir)) {
      assertThat(files).as("database files are removed after each repetition").isEmpty();
    }
  }

  @Test
  void waitingSmokeSuitePrintsOneJsonObjectPerMeasurement() throws Exception {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();

    int code =
        Bench.run(print(out), print(err), "waiting", "--smoke", "--json", "--dir", dir.toString());

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines)
        .hasSize(16)
        .allSatisfy(
            line ->
                assertThat(line)
                    .startsWith("{\"suite\":\"waiting\",")
                    .contains(
                        "\"system\":\"reprise\"",
                        "\"workload\":",
                        "\"synchronous\":\"FULL\"",
                        "\"median\":",
                        "\"min\":",
                        "\"max\":",
                        "\"unit\":",
                        "\"runs\":[")
                    .endsWith("}"));
    assertThat(lines)
        .anySatisfy(
            line ->
                assertThat(line).contains("\"workload\":\"park-200-runs\"", "\"unit\":\"runs/s\""))
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains(
                        "\"workload\":\"heap-after-gc-200-waiting\"",
                        "\"unit\":\"MB\"",
                        "\"target\":256",
                        "\"target_is\":\"at_most\"",
                        "\"met\":"))
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains(
                        "\"workload\":\"platform-threads-20-waiting\"", "\"unit\":\"threads\""))
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains(
                        "\"workload\":\"timer-lateness-p99\"", "\"unit\":\"ms\"", "\"target\":50"));
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("runs parked in", "timers: lateness");
    try (var files = Files.list(dir)) {
      assertThat(files).as("database files and thread dumps are removed").isEmpty();
    }
  }

  @Test
  void unknownSuiteIsRefusedWithTheKnownNames() {
    var err = new ByteArrayOutputStream();

    int code =
        Bench.run(print(new ByteArrayOutputStream()), print(err), "bogus", "--dir", dir.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("steps, waiting");
  }

  @Test
  void unknownWorkloadIsRefusedWithTheKnownNames() {
    var err = new ByteArrayOutputStream();

    int code =
        Bench.run(
            print(new ByteArrayOutputStream()),
            print(err),
            "--workloads",
            "raw,bogus",
            "--dir",
            dir.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("raw, sequential, long-runs, concurrent");
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
    var m = new Measurement("w", "reprise", "steps/s", List.of(4.0, 1.0, 3.0, 2.0));

    assertThat(m.median()).isEqualTo(2.5);
    assertThat(m.min()).isEqualTo(1.0);
    assertThat(m.max()).isEqualTo(4.0);
  }

  private static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }
}
