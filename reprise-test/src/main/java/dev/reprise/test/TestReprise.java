package dev.reprise.test;

import dev.reprise.Reprise;
import dev.reprise.RunHandle;
import dev.reprise.RunInfo;
import dev.reprise.RunStatus;
import dev.reprise.Workflow;
import dev.reprise.test.internal.Driver;
import dev.reprise.test.internal.Script;
import dev.reprise.test.internal.Trees;
import dev.reprise.testing.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One test's Reprise: a store of its own (a temporary SQLite file, or a fresh PostgreSQL schema),
 * an engine on it, and a {@link SettableClock} the engine runs on. Time skips: {@link #awaitEnd}
 * and {@link #awaitResult} move the clock to the next time a run waits for whenever no run is
 * running, so a 30-day {@code ctx.sleep} ends at once, a wait for a signal that never comes times
 * out at its deadline, and retries' backoffs cost nothing. {@link #awaitStatus} waits without
 * moving the clock, for a test that wants to act while a run waits (send a signal, approve).
 *
 * <p>Given by {@link RepriseTest} as a test parameter; or made by hand with {@link #sqlite(Path)}
 * and closed by the test.
 */
public final class TestReprise implements AutoCloseable {
  /** How long the waits here wait by default, in real time. */
  public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  private final SettableClock clock =
      SettableClock.autoAdvancing(Instant.now().truncatedTo(ChronoUnit.MILLIS));
  private final Supplier<Reprise.Builder> store;
  private final AutoCloseable cleanup;
  private final Path sqliteFile;
  private Reprise.Builder builder;
  private Reprise reprise;

  private TestReprise(Supplier<Reprise.Builder> store, Path sqliteFile, AutoCloseable cleanup) {
    this.store = store;
    this.sqliteFile = sqliteFile;
    this.cleanup = cleanup;
  }

  /** A Reprise on {@code dir/reprise.db}; the directory is the caller's, and stays. */
  public static TestReprise sqlite(Path dir) {
    return sqlite(dir, false);
  }

  static TestReprise sqlite(Path dir, boolean deleteDir) {
    Path file = dir.resolve("reprise.db");
    return new TestReprise(
        () -> Reprise.builder().sqlite(file), file, deleteDir ? () -> Trees.delete(dir) : () -> {});
  }

  /** A Reprise on a fresh schema of the test PostgreSQL server, dropped at close. */
  public static TestReprise postgres() {
    PostgresSchema schema = PostgresSchema.create();
    return new TestReprise(() -> Reprise.builder().postgres(schema.url()), null, schema);
  }

  /** The clock every engine of this test runs on; move it by hand with {@code advance}. */
  public SettableClock clock() {
    return clock;
  }

  /** The SQLite file of the store, or null on PostgreSQL. */
  public Path sqliteFile() {
    return sqliteFile;
  }

  /**
   * A builder on this test's store and clock, polling often; add workflows and settings, then
   * {@link #start(Reprise.Builder)}.
   */
  public Reprise.Builder builder() {
    return store.get().clock(clock).pollInterval(Duration.ofMillis(20));
  }

  /** Builds and starts an engine running {@code workflows}. */
  public Reprise start(Workflow<?, ?>... workflows) {
    return start(builder().workflows(List.of(workflows)));
  }

  /** Builds {@code builder} and starts the engine; {@link #restart()} builds it again. */
  public Reprise start(Reprise.Builder builder) {
    if (reprise != null) {
      throw new IllegalStateException("an engine is running already: restart() or close() it");
    }
    this.builder = builder;
    reprise = builder.build();
    reprise.start();
    return reprise;
  }

  /** The running engine. */
  public Reprise reprise() {
    if (reprise == null) {
      throw new IllegalStateException("no engine: start(...) one first");
    }
    return reprise;
  }

  /**
   * Closes the engine as a process stopping would (draining its runs) and starts another on the
   * same store, clock and settings: for what survives a restart. Crashes are {@link CrashTest}'s.
   */
  public Reprise restart() {
    reprise().close();
    reprise = null;
    return start(builder);
  }

  /**
   * Waits until the run has ended, skipping time whenever no run is running; returns it. Fails
   * after {@link #DEFAULT_WAIT} of real time.
   */
  public RunInfo awaitEnd(String runId) {
    return awaitEnd(runId, DEFAULT_WAIT);
  }

  public RunInfo awaitEnd(String runId, Duration timeout) {
    Driver driver = new Driver(reprise(), clock, Script.NONE);
    return driver
        .toEnd(runId, timeout)
        .orElseThrow(
            () ->
                new AssertionError(
                    "run "
                        + runId
                        + " did not end within "
                        + timeout
                        + "; it is "
                        + describe(reprise().run(runId))));
  }

  /**
   * Waits for the run's end as {@link #awaitEnd} does and returns its output.
   *
   * @throws dev.reprise.RunFailedException when the run failed or was cancelled
   */
  public <O> O awaitResult(RunHandle<O> run) {
    awaitEnd(run.id());
    return run.result(Duration.ofSeconds(5));
  }

  /** Waits, without moving the clock, until the run has one of {@code statuses}; returns it. */
  public RunInfo awaitStatus(String runId, RunStatus... statuses) {
    return awaitStatus(runId, DEFAULT_WAIT, statuses);
  }

  public RunInfo awaitStatus(String runId, Duration timeout, RunStatus... statuses) {
    Set<RunStatus> wanted = Set.of(statuses);
    long deadline = System.nanoTime() + timeout.toNanos();
    RunInfo run = reprise().run(runId);
    while (!wanted.contains(run.status())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "run "
                + runId
                + " did not become "
                + wanted
                + " within "
                + DEFAULT_WAIT
                + "; it is "
                + describe(run));
      }
      try {
        TimeUnit.NANOSECONDS.sleep(POLL_NANOS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
      run = reprise().run(runId);
    }
    return run;
  }

  /**
   * Moves the clock to the next time a waiting run waits for, if no run is running; whether it
   * moved.
   */
  public boolean skipTime() {
    return new Driver(reprise(), clock, Script.NONE).skipTime();
  }

  private static String describe(RunInfo run) {
    return run.status().label()
        + (run.waitingFor() == null ? "" : ", waiting for " + run.waitingFor().describe());
  }

  /** Closes the engine and removes the store. */
  @Override
  public void close() {
    try {
      if (reprise != null) {
        reprise.close();
        reprise = null;
      }
    } finally {
      try {
        cleanup.close();
      } catch (Exception e) {
        throw new IllegalStateException("cannot remove the test's store", e);
      }
    }
  }
}
