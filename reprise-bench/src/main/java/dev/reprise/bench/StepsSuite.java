package dev.reprise.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Durable no-op steps per second on one store, beside that store's physical reference: the raw
 * single-row commit rate (and, on SQLite, rows batched in one transaction), with runs of 10 steps
 * at each concurrency and one long run after another. Each repetition runs every workload on a
 * fresh database, time-sliced with the others (see {@link Interleaved}), and each ratio divides a
 * Reprise rate by the raw commit rate of the same repetition. The first repetitions are warm-up and
 * left out. The {@code embedded} suite runs it on SQLite (once per {@code synchronous} setting),
 * the {@code postgres} suite on PostgreSQL.
 */
final class StepsSuite {

  /** The workload groups by their short names, in the order they take turns. */
  static final List<String> WORKLOADS = List.of("raw", "batched", "concurrent", "long-runs");

  static final double SEQUENTIAL_TARGET = 0.8;
  static final double CONCURRENT_TARGET = 50_000;
  static final int CONCURRENT_TARGET_FROM = 64;

  /**
   * One store to measure.
   *
   * @param suite the suite name in the JSON
   * @param setting the durability setting in the JSON ({@code FULL}, {@code NORMAL}), or null
   * @param label how the store is named in the tables, e.g. {@code SQLite synchronous=FULL}
   * @param references the physical references; the first is the single-row commit rate
   * @param engines starts Reprise on this store, or null when this build cannot (then the Reprise
   *     figures are reported as pending, with {@code pendingReason})
   * @param withTargets whether the targets apply (SQLite FULL)
   */
  record Store(
      String suite,
      String setting,
      String label,
      List<Workload> references,
      EngineFactory engines,
      String pendingReason,
      boolean withTargets) {}

  private final Settings settings;
  private final Set<String> selected;
  private final Databases databases;
  private final PrintStream log;
  private final Results results;

  StepsSuite(
      Settings settings,
      Set<String> selected,
      Databases databases,
      PrintStream log,
      Results results) {
    if (!WORKLOADS.containsAll(selected) || selected.isEmpty()) {
      throw new IllegalArgumentException(
          "workloads must be some of " + String.join(", ", WORKLOADS) + "; was " + selected);
    }
    this.settings = settings;
    this.selected = selected;
    this.databases = databases;
    this.log = log;
    this.results = results;
  }

  void run(Store store) throws Exception {
    Report human = new Report(log, store.label());
    header(store);
    List<Workload> workloads = workloads(store);
    Interleaved interleaved =
        new Interleaved(databases, settings.duration().toNanos(), settings.slice().toNanos());
    Map<Workload, List<Interleaved.Outcome>> measured = new LinkedHashMap<>();
    int rounds = settings.warmups() + settings.repetitions();
    for (int round = 0; round < rounds; round++) {
      boolean warmup = round < settings.warmups();
      String label = warmup ? "warm-up" : "rep " + (round - settings.warmups() + 1);
      Interleaved.Outcome[] outcomes = interleaved.repetition(workloads);
      for (int i = 0; i < outcomes.length; i++) {
        Workload w = workloads.get(i);
        human.repetition(label, w, outcomes[i].rate());
        if (!warmup) {
          measured.computeIfAbsent(w, k -> new ArrayList<>()).add(outcomes[i]);
        }
      }
    }
    report(store, human, measured);
  }

  private List<Workload> workloads(Store store) {
    List<Workload> workloads = new ArrayList<>();
    if (selected.contains("raw")) {
      workloads.add(store.references().getFirst());
    }
    if (selected.contains("batched")) {
      workloads.addAll(store.references().subList(1, store.references().size()));
    }
    if (store.engines() == null) {
      for (Workload w : repriseWorkloads(null)) {
        results.pending(store.suite(), w.system(), w.name(), w.unit(), store.pendingReason());
        log.println("  pending  " + w.name() + ": " + store.pendingReason());
      }
    } else {
      workloads.addAll(repriseWorkloads(store.engines()));
    }
    return workloads;
  }

  private List<Workload> repriseWorkloads(EngineFactory engines) {
    List<Workload> workloads = new ArrayList<>();
    if (selected.contains("concurrent")) {
      for (int c : settings.concurrency()) {
        workloads.add(new ConcurrentRuns(engines, c, settings.stepsPerRun()));
      }
    }
    if (selected.contains("long-runs")) {
      workloads.add(new SequentialRuns(engines, settings.longRunSteps()));
    }
    return workloads;
  }

  private void report(
      Store store, Report human, Map<Workload, List<Interleaved.Outcome>> measured) {
    List<Measurement> measurements = new ArrayList<>();
    List<Measurement> latencies = new ArrayList<>();
    Map<Measurement, Target> targets = new LinkedHashMap<>();
    Measurement raw = null;
    Measurement best = null;
    List<Ratio> ratios = new ArrayList<>();
    for (Map.Entry<Workload, List<Interleaved.Outcome>> e : measured.entrySet()) {
      Workload w = e.getKey();
      List<Interleaved.Outcome> outcomes = e.getValue();
      Measurement m =
          new Measurement(
              w.name(), w.system(), w.unit(), outcomes.stream().map(o -> o.rate()).toList());
      measurements.add(m);
      if (w == store.references().getFirst()) {
        raw = m;
      }
      if (w instanceof ConcurrentRuns c && c.runs() >= CONCURRENT_TARGET_FROM) {
        if (store.withTargets()) {
          targets.put(m, Target.atLeast(CONCURRENT_TARGET));
        }
        if (best == null || m.median() > best.median()) {
          best = m;
        }
      }
      if (outcomes.getFirst().latencies().length > 0) {
        for (int p : new int[] {50, 99}) {
          latencies.add(
              new Measurement(
                  w.name() + "-step-latency-p" + p,
                  w.system(),
                  "ms",
                  outcomes.stream().map(o -> Latencies.percentile(o.latencies(), p)).toList()));
        }
      }
    }
    if (raw != null) {
      for (Measurement m : measurements) {
        if (m.system().equals("reprise")) {
          boolean sequential =
              m.workload().startsWith("concurrent-1-") || m.workload().startsWith("sequential-");
          ratios.add(Ratio.of(m, raw, store.withTargets() && sequential ? SEQUENTIAL_TARGET : 0));
        }
      }
    }
    human.table(measurements, ratios, store.withTargets() ? best : null, CONCURRENT_TARGET);
    human.table(latencies, Map.of());
    for (Measurement m : measurements) {
      results.add(store.suite(), store.setting(), m, targets.get(m));
    }
    for (Measurement m : latencies) {
      results.add(store.suite(), store.setting(), m, null);
    }
    for (Ratio r : ratios) {
      results.add(
          store.suite(),
          store.setting(),
          r.asMeasurement(),
          r.hasTarget() ? Target.atLeast(r.target()) : null);
    }
  }

  private void header(Store store) {
    log.printf(Locale.ROOT, "%nReprise benchmark, suite %s: %s%n", store.suite(), store.label());
    log.printf(
        Locale.ROOT,
        "sizes: %.2f s per workload per repetition, in turns of %d ms; %d warm-up + %d measured"
            + " repetitions; runs of %d steps at concurrency %s; long runs of %d steps%n",
        settings.duration().toNanos() / 1e9,
        settings.slice().toMillis(),
        settings.warmups(),
        settings.repetitions(),
        settings.stepsPerRun(),
        settings.concurrency(),
        settings.longRunSteps());
    log.println();
  }
}
