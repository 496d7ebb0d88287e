package dev.reprise.bench;

import dev.reprise.Reprise;
import dev.reprise.RepriseClient;
import dev.reprise.RunContext;
import dev.reprise.RunOptions;
import dev.reprise.RunStatus;
import dev.reprise.Workflow;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The {@code keys} suite: how fast runs with concurrency keys are claimed, beside the same runs
 * without keys. N runs of a workflow of one no-op step are submitted first (not measured), then an
 * engine of concurrency 64 is started and timed until every run has completed: runs per second,
 * claim to end. Four shapes: no key (the reference); every run its own key (N distinct keys); one
 * hot key whose limit is the engine's concurrency (the cost of counting and locking one key, with
 * the limit never in the way); one hot key of limit 1 (runs one after another: the limit is the
 * point, not a cost; a tenth of the runs, at most 1,000). On SQLite and on PostgreSQL; the ratios
 * are to the runs without keys.
 */
final class KeysSuite {
  static final String NAME = "keys";
  private static final int CONCURRENCY = 64;
  private static final List<String> SHAPES =
      List.of("no-key", "distinct-keys", "hot-key-limit-64", "hot-key-limit-1");

  /** One no-op step, then the run ends: what is measured is the claim and the journal. */
  static final class OneStep implements Workflow<Integer, Integer> {
    final CountDownLatch done;

    OneStep(int runs) {
      this.done = new CountDownLatch(runs);
    }

    @Override
    public String name() {
      return "one-step";
    }

    @Override
    public Integer run(RunContext ctx, Integer input) {
      int out = ctx.step("work", () -> input + 1);
      done.countDown();
      return out;
    }
  }

  /** Where the runs are: a fresh store per measurement, discarded after it. */
  interface Place {
    String name();

    Reprise.Builder fresh(String tag) throws Exception;

    void discard(String tag) throws Exception;
  }

  private final int runs;
  private final int warmups;
  private final int repetitions;
  private final PrintStream log;
  private final Results results;

  KeysSuite(int runs, int warmups, int repetitions, PrintStream log, Results results) {
    this.runs = runs;
    this.warmups = warmups;
    this.repetitions = repetitions;
    this.log = log;
    this.results = results;
  }

  void run(Place place) throws Exception {
    log.printf(
        Locale.ROOT,
        "%n== keys on %s: %d runs of one step, concurrency %d, median of %d (after %d warm-up)%n",
        place.name(),
        runs,
        CONCURRENCY,
        repetitions,
        warmups);
    Map<String, List<Double>> rates = new java.util.LinkedHashMap<>();
    for (int rep = 0; rep < warmups + repetitions; rep++) {
      for (String shape : SHAPES) {
        double rate = measure(place, shape, ("keys" + rep + shape).replaceAll("\\W", "_"));
        if (rep >= warmups) {
          rates.computeIfAbsent(shape, s -> new ArrayList<>()).add(rate);
        }
      }
    }
    double reference = new Measurement("no-key", "reprise", "runs/s", rates.get("no-key")).median();
    for (String shape : SHAPES) {
      Measurement m = new Measurement(shape, "reprise", "runs/s", rates.get(shape));
      results.add(NAME, place.name(), m, null);
      log.printf(
          Locale.ROOT,
          "  %-18s %9.0f runs/s  %.2fx no key%n",
          shape,
          m.median(),
          m.median() / reference);
    }
  }

  private double measure(Place place, String shape, String tag) throws Exception {
    int runs =
        shape.equals("hot-key-limit-1") ? Math.max(1, Math.min(1_000, this.runs / 10)) : this.runs;
    OneStep workflow = new OneStep(runs);
    Reprise.Builder builder = place.fresh(tag).workflow(workflow).concurrency(CONCURRENCY);
    try {
      try (RepriseClient client = builder.buildClient()) {
        if (shape.equals("hot-key-limit-64")) {
          client.concurrencyLimit("tenant", CONCURRENCY);
        }
        for (int i = 0; i < runs; i++) {
          client.submitJson("one-step", Integer.toString(i), options(shape, i).get());
        }
      }
      try (Reprise engine = builder.build()) {
        long started = System.nanoTime();
        engine.start();
        if (!workflow.done.await(10, TimeUnit.MINUTES)) {
          throw new IllegalStateException(shape + ": runs did not complete within 10 minutes");
        }
        // the last run's end is written after its step: wait for the rows too
        while (engine.countByStatus().getOrDefault(RunStatus.COMPLETED, 0L) < runs) {
          TimeUnit.MILLISECONDS.sleep(1);
        }
        return runs / ((System.nanoTime() - started) / 1e9);
      }
    } finally {
      place.discard(tag);
    }
  }

  private static Supplier<RunOptions> options(String shape, int i) {
    return switch (shape) {
      case "no-key" -> () -> RunOptions.DEFAULT;
      case "distinct-keys" -> () -> RunOptions.DEFAULT.withConcurrencyKey("customer", "c-" + i);
      case "hot-key-limit-64" -> () -> RunOptions.DEFAULT.withConcurrencyKey("tenant", "acme");
      case "hot-key-limit-1" -> () -> RunOptions.DEFAULT.withConcurrencyKey("customer", "hot");
      default -> throw new IllegalArgumentException(shape);
    };
  }

  /** A fresh SQLite file per measurement. */
  static Place sqlite(Databases databases, dev.reprise.SqliteSynchronous synchronous) {
    Map<String, java.nio.file.Path> files = new java.util.HashMap<>();
    return new Place() {
      @Override
      public String name() {
        return "SQLite synchronous=" + synchronous;
      }

      @Override
      public Reprise.Builder fresh(String tag) throws Exception {
        java.nio.file.Path file = databases.fresh(tag);
        files.put(tag, file);
        return Reprise.builder().sqlite(file).synchronous(synchronous);
      }

      @Override
      public void discard(String tag) throws Exception {
        java.nio.file.Path file = files.remove(tag);
        if (file != null) {
          databases.discard(file);
        }
      }
    };
  }

  /** A fresh schema per measurement. */
  static Place postgres(Pg pg) {
    return new Place() {
      @Override
      public String name() {
        return "PostgreSQL";
      }

      @Override
      public Reprise.Builder fresh(String tag) throws Exception {
        return Reprise.builder().postgres(pg.url(pg.freshSchema(tag.toLowerCase(Locale.ROOT))));
      }

      @Override
      public void discard(String tag) throws Exception {
        pg.dropSchema(tag.toLowerCase(Locale.ROOT));
      }
    };
  }
}
