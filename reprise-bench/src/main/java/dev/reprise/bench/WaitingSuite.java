package dev.reprise.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The {@code memory} suite (formerly {@code waiting}): what parked runs cost (threads, heap,
 * resident memory, at two sizes), how fast runs park and signalled runs finish, and how late
 * durable timers fire on an idle engine. Every measurement uses a fresh engine and database file;
 * the figures are medians over the repetitions.
 */
final class WaitingSuite {
  static final String NAME = "memory";

  static final double HEAP_TARGET_MB = 256;
  static final double LATENESS_TARGET_MS = 50;

  private final WaitingSettings settings;
  private final PrintStream log;
  private final Report human;
  private final Results results;
  private final List<Measurement> measurements = new ArrayList<>();
  private final Map<String, Target> targets = new HashMap<>();
  private String threadNames = "";

  WaitingSuite(WaitingSettings settings, PrintStream log, Results results) {
    this.settings = settings;
    this.log = log;
    this.human = new Report(log, "SQLite synchronous=" + settings.synchronous().name());
    this.results = results;
  }

  void run() throws Exception {
    Databases databases = new Databases(settings.dir(), settings.keepFiles());
    header(Environment.describe(databases.dir()), databases);
    parking(new ParkedRuns(databases, settings.synchronous()));
    timers(new TimerLateness(databases, settings.synchronous(), settings.timers()));
    human.table(measurements, targets);
    log.println();
    log.println(
        "platform threads with " + settings.waitingRuns() + " runs waiting: " + threadNames);
    for (Measurement m : measurements) {
      results.add(NAME, settings.synchronous().name(), m, targets.get(m.workload()));
    }
  }

  private void parking(ParkedRuns parked) throws Exception {
    int few = settings.fewerRuns();
    int many = settings.waitingRuns();
    for (int w = 0; w < settings.warmups(); w++) {
      print("warm-up", parked.measure(few));
    }
    List<ParkedRuns.Sample> fewer = new ArrayList<>();
    List<ParkedRuns.Sample> more = new ArrayList<>();
    for (int r = 1; r <= settings.repetitions(); r++) {
      fewer.add(print("rep " + r, parked.measure(few)));
      more.add(print("rep " + r, parked.measure(many)));
      threadNames = String.join(", ", more.getLast().parked().platformThreadNames());
    }
    for (List<ParkedRuns.Sample> samples : List.of(fewer, more)) {
      int n = samples.getFirst().runs();
      add("park-" + n + "-runs", "runs/s", samples, ParkedRuns.Sample::parkRate, null);
      add(
          "platform-threads-" + n + "-waiting",
          "threads",
          samples,
          s -> s.parked().platformThreads(),
          null);
      add(
          "virtual-threads-" + n + "-waiting",
          "threads",
          samples,
          s -> s.parked().virtualThreads(),
          Target.atMost(0));
      add(
          "heap-after-gc-" + n + "-waiting",
          "MB",
          samples,
          s -> s.parked().heapUsedMb(),
          Target.atMost(HEAP_TARGET_MB));
      add("rss-" + n + "-waiting", "MB", samples, s -> s.parked().rssMb(), null);
      add(
          "signal-" + samples.getFirst().signalled() + "-waiting-to-completed",
          "s",
          samples,
          ParkedRuns.Sample::signalSeconds,
          null);
    }
    List<Double> growth = new ArrayList<>();
    for (int i = 0; i < more.size(); i++) {
      growth.add(
          (double)
              (more.get(i).parked().platformThreads() - fewer.get(i).parked().platformThreads()));
    }
    add(
        "platform-thread-growth-" + few + "-to-" + many + "-waiting",
        "threads",
        growth,
        Target.atMost(0));
  }

  private void timers(TimerLateness lateness) throws Exception {
    int rounds = settings.warmups() + settings.repetitions();
    List<Double> p50 = new ArrayList<>();
    List<Double> p99 = new ArrayList<>();
    List<Double> max = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      boolean warmup = round < settings.warmups();
      double[] sorted = lateness.measure(round);
      double median = Latencies.percentile(sorted, 50);
      double tail = Latencies.percentile(sorted, 99);
      double worst = sorted[sorted.length - 1];
      log.printf(
          Locale.ROOT,
          "  %-8s %d timers: lateness p50 %.1f ms, p99 %.1f ms, max %.1f ms (min %.1f ms)%n",
          warmup ? "warm-up" : "rep " + (round - settings.warmups() + 1),
          sorted.length,
          median,
          tail,
          worst,
          sorted[0]);
      if (!warmup) {
        p50.add(median);
        p99.add(tail);
        max.add(worst);
      }
    }
    Target target = Target.atMost(LATENESS_TARGET_MS);
    add("timer-lateness-p50", "ms", p50, target);
    add("timer-lateness-p99", "ms", p99, target);
    add("timer-lateness-max", "ms", max, target);
  }

  private void add(
      String name,
      String unit,
      List<ParkedRuns.Sample> samples,
      ToDoubleFunction<ParkedRuns.Sample> value,
      Target target) {
    add(name, unit, samples.stream().map(value::applyAsDouble).toList(), target);
  }

  /** {@code target} may be null. */
  private void add(String name, String unit, List<Double> runs, Target target) {
    measurements.add(new Measurement(name, "reprise", unit, runs));
    if (target != null) {
      targets.put(name, target);
    }
  }

  private ParkedRuns.Sample print(String label, ParkedRuns.Sample s) {
    JvmGauges g = s.parked();
    log.printf(
        Locale.ROOT,
        "  %-8s %,d runs parked in %.2f s (%,.0f runs/s); then %d platform threads (%d in the main"
            + " group), %d virtual; heap %.1f MB after GC (%.0f MB committed), RSS %.1f MB;"
            + " %,d signalled runs completed in %.2f s%n",
        label,
        s.runs(),
        s.parkSeconds(),
        s.parkRate(),
        g.platformThreads(),
        g.activeCount(),
        g.virtualThreads(),
        g.heapUsedMb(),
        g.heapCommittedMb(),
        g.rssMb(),
        s.signalled(),
        s.signalSeconds());
    return s;
  }

  private void header(Environment env, Databases databases) {
    log.printf(
        Locale.ROOT,
        "%nReprise benchmark, suite %s: SQLite WAL, synchronous=%s%n",
        NAME,
        settings.synchronous());
    log.println(env.summary());
    log.println(
        "database files: "
            + databases.dir()
            + " (a fresh file per measurement); max heap "
            + Runtime.getRuntime().maxMemory() / (1024 * 1024)
            + " MB");
    if (env.inMemoryFileSystem()) {
      log.println("WARNING: " + databases.dir() + " is in memory (" + env.fileStoreType() + ")");
    }
    TimerLateness.Timers t = settings.timers();
    log.printf(
        Locale.ROOT,
        "sizes: %,d and %,d runs parked (half sleeping an hour, half awaiting a signal), submitted"
            + " by %d callers; %d timers of %d-%d ms, one submitted every %d ms;"
            + " %d warm-up + %d measured repetitions%n",
        settings.fewerRuns(),
        settings.waitingRuns(),
        ParkedRuns.CALLERS,
        t.runs(),
        t.minSleep().toMillis(),
        t.maxSleep().toMillis(),
        t.spacing().toMillis(),
        settings.warmups(),
        settings.repetitions());
    log.println();
  }
}
