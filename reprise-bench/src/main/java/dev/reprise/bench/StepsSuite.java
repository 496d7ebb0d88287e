package dev.reprise.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code steps} suite: the raw SQLite commit rate beside Reprise's durable no-op steps, run
 * sequentially and concurrently. Each repetition runs every workload on a fresh database file,
 * time-sliced with the others (see {@link Interleaved}), and each ratio divides a Reprise rate by
 * the reference rate of the same repetition. The first repetitions are warm-up and left out.
 */
final class StepsSuite {
  static final String NAME = "steps";

  /** The workloads by their short names, in the order they take turns. */
  static final List<String> WORKLOADS = List.of("raw", "sequential", "long-runs", "concurrent");

  static final double SEQUENTIAL_TARGET = 0.8;
  static final double CONCURRENT_TARGET = 20_000;

  private final Settings settings;
  private final Set<String> selected;
  private final PrintStream log;
  private final Report human;
  private final Report machine;

  /** {@code machine} is null unless JSON is asked for. */
  StepsSuite(Settings settings, Set<String> selected, PrintStream log, Report machine) {
    if (!WORKLOADS.containsAll(selected) || selected.isEmpty()) {
      throw new IllegalArgumentException(
          "workloads must be some of " + String.join(", ", WORKLOADS) + "; was " + selected);
    }
    this.settings = settings;
    this.selected = selected;
    this.log = log;
    this.human = new Report(log, NAME, settings.synchronous().name());
    this.machine = machine;
  }

  void run() throws Exception {
    Databases databases = new Databases(settings.dir(), settings.keepFiles());
    header(Environment.describe(databases.dir()), databases.dir());
    List<Workload> workloads = workloads();
    Interleaved interleaved =
        new Interleaved(databases, settings.duration().toNanos(), settings.slice().toNanos());
    Map<Workload, List<Double>> measured = new LinkedHashMap<>();
    int rounds = settings.warmups() + settings.repetitions();
    for (int round = 0; round < rounds; round++) {
      boolean warmup = round < settings.warmups();
      String label = warmup ? "warm-up" : "rep " + (round - settings.warmups() + 1);
      double[] rates = interleaved.repetition(workloads);
      for (int i = 0; i < rates.length; i++) {
        Workload w = workloads.get(i);
        human.repetition(label, w, rates[i]);
        if (!warmup) {
          measured.computeIfAbsent(w, k -> new ArrayList<>()).add(rates[i]);
        }
      }
    }
    report(measured);
  }

  private List<Workload> workloads() {
    List<Workload> workloads = new ArrayList<>();
    for (String name : WORKLOADS) {
      if (selected.contains(name)) {
        workloads.add(
            switch (name) {
              case "raw" -> new RawCommits(settings.synchronous());
              case "sequential" ->
                  SequentialRuns.shortRuns(settings.synchronous(), settings.stepsPerRun());
              case "long-runs" ->
                  SequentialRuns.longRuns(settings.synchronous(), settings.longRunSteps());
              case "concurrent" ->
                  new ConcurrentRuns(
                      settings.synchronous(), settings.concurrentRuns(), settings.stepsPerRun());
              default -> throw new IllegalStateException(name);
            });
      }
    }
    return workloads;
  }

  private void report(Map<Workload, List<Double>> measured) {
    List<Measurement> measurements = new ArrayList<>();
    Measurement raw = null;
    Measurement concurrent = null;
    for (Map.Entry<Workload, List<Double>> e : measured.entrySet()) {
      Workload w = e.getKey();
      Measurement m = new Measurement(w.name(), w.system(), w.unit(), e.getValue());
      measurements.add(m);
      if (w instanceof RawCommits) {
        raw = m;
      } else if (w instanceof ConcurrentRuns) {
        concurrent = m;
      }
    }
    List<Ratio> ratios = new ArrayList<>();
    if (raw != null) {
      for (Measurement m : measurements) {
        if (m != raw) {
          ratios.add(Ratio.of(m, raw, m == concurrent ? 0 : SEQUENTIAL_TARGET));
        }
      }
    }
    human.table(measurements, ratios, concurrent, CONCURRENT_TARGET);
    if (machine != null) {
      for (Measurement m : measurements) {
        machine.json(m, m == concurrent ? Target.atLeast(CONCURRENT_TARGET) : null);
      }
      for (Ratio r : ratios) {
        machine.json(r.asMeasurement(), r.hasTarget() ? Target.atLeast(r.target()) : null);
      }
    }
  }

  private void header(Environment env, Path dir) {
    log.printf(
        Locale.ROOT,
        "Reprise benchmark, suite %s: SQLite WAL, synchronous=%s%n",
        NAME,
        settings.synchronous());
    log.println(env.summary());
    log.println("database files: " + dir + " (a fresh file per workload and repetition)");
    if (env.inMemoryFileSystem()) {
      log.println(
          "WARNING: "
              + dir
              + " is in memory ("
              + env.fileStoreType()
              + "): fsync is free there, the figures say"
              + " nothing about durability on a disk");
    }
    log.printf(
        Locale.ROOT,
        "sizes: %.2f s per workload per repetition, in turns of %d ms; %d warm-up + %d measured repetitions;"
            + " %d steps per run (long runs: %d); %d concurrent runs%n",
        settings.duration().toNanos() / 1e9,
        settings.slice().toMillis(),
        settings.warmups(),
        settings.repetitions(),
        settings.stepsPerRun(),
        settings.longRunSteps(),
        settings.concurrentRuns());
    log.println();
  }
}
