package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.reprise.crash.CrashWorker;
import dev.reprise.testing.Jdbc;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM executes 100 runs of 5 steps and is killed with SIGKILL at 5 moments, each chosen as
 * a random amount of progress, then restarted. Nothing may be lost or done twice.
 */
class CrashTest {
  private static final int RUNS = 100;
  private static final int STEPS = 5;
  private static final int CRASHES = 5;

  @TempDir Path dir;

  @Test
  void runsSurviveRepeatedKillDashNine() throws Exception {
    Path db = dir.resolve("reprise.db");
    Path ledger = dir.resolve("ledger.db");
    List<String> ids = new ArrayList<>();
    try (RepriseClient client = Reprise.builder().sqlite(db).buildClient()) {
      for (int i = 0; i < RUNS; i++) {
        ids.add(client.submitJson("five-steps", Integer.toString(i), RunOptions.DEFAULT).id());
      }
    }
    long seed = System.nanoTime();
    Random random = new Random(seed);
    int total = RUNS * STEPS;
    int progress = 0;
    try (Jdbc sql = Jdbc.open(db)) {
      for (int crash = 0; crash < CRASHES; crash++) {
        // each kill lands after a random further share of the work, well before the end
        progress += 1 + random.nextInt((total * 3 / 4 - progress) / (CRASHES - crash));
        int threshold = progress;
        Process worker = startWorker(db, ledger);
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    sql.count("select count(*) from steps where status = 'completed'")
                        >= threshold);
        worker.destroyForcibly();
        assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(worker.exitValue()).as("killed by SIGKILL (seed %d)", seed).isEqualTo(137);
      }
      Process last = startWorker(db, ledger);
      try {
        await()
            .atMost(Duration.ofSeconds(90))
            .until(
                () ->
                    sql.count("select count(*) from runs where status in ('completed', 'failed')")
                        == RUNS);
      } finally {
        last.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }

      assertThat(sql.count("select count(*) from runs where status = 'completed'"))
          .as("seed %d", seed)
          .isEqualTo(RUNS);
      assertThat(sql.count("select count(*) from steps where status = 'completed'"))
          .isEqualTo(total);
      assertThat(sql.count("select count(*) from steps"))
          .as("one journal entry per step")
          .isEqualTo(total);
      assertThat(sql.count("select count(*) from runs where recoveries > 0"))
          .as("some runs were recovered")
          .isPositive();
    }
    try (Jdbc l = Jdbc.open(ledger)) {
      assertThat(l.count("select count(*) from executions where rerun = 1"))
          .as("completed steps run again")
          .isZero();
      assertThat(l.count("select count(*) from effects")).as("effects").isEqualTo(total);
      assertThat(l.count("select count(distinct key) from effects")).isEqualTo(total);
      assertThat(l.count("select count(*) from effects where key <> run_id || ':' || seq"))
          .as("keys are runId:seq")
          .isZero();
      assertThat(l.count("select count(distinct run_id || '/' || seq) from effects"))
          .isEqualTo(total);
      assertThat(l.count("select count(*) from executions"))
          .as("bodies ran at least once each")
          .isGreaterThanOrEqualTo(total);
    }
    try (RepriseClient client = Reprise.builder().sqlite(db).readOnly().buildClient()) {
      for (int i = 0; i < RUNS; i++) {
        RunInfo run = client.run(ids.get(i));
        assertThat(run.output()).isEqualTo(Integer.toString(i + 15));
      }
    }
  }

  @Test
  void unwindingResumesAfterKillDashNineAndNeverRerunsACompletedCompensation() throws Exception {
    int runs = 60;
    int compensations = runs * 4;
    Path db = dir.resolve("saga.db");
    Path ledger = dir.resolve("saga-ledger.db");
    try (RepriseClient client = Reprise.builder().sqlite(db).buildClient()) {
      for (int i = 0; i < runs; i++) {
        client.submitJson("unwinding-saga", Integer.toString(i), RunOptions.DEFAULT);
      }
    }
    long seed = System.nanoTime();
    Random random = new Random(seed);
    try (Jdbc sql = Jdbc.open(db)) {
      int progress = 0;
      for (int crash = 0; crash < 3; crash++) {
        progress += 1 + random.nextInt((compensations * 3 / 4 - progress) / (3 - crash));
        int threshold = progress;
        Process worker = startWorker(db, ledger);
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    sql.count(
                            "select count(*) from steps where kind = 'compensation' and status = 'completed'")
                        >= threshold);
        worker.destroyForcibly();
        assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      Process last = startWorker(db, ledger);
      try {
        await()
            .atMost(Duration.ofSeconds(90))
            .until(() -> sql.count("select count(*) from runs where ended_at is not null") == runs);
      } finally {
        last.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }

      assertThat(sql.count("select count(*) from runs where status = 'failed' and compensated = 1"))
          .as("seed %d", seed)
          .isEqualTo(runs);
      assertThat(
              sql.count(
                  "select count(*) from steps where kind = 'compensation' and status = 'completed'"))
          .isEqualTo(compensations);
      assertThat(sql.count("select count(*) from steps")).isEqualTo(runs * 9L);
      assertThat(sql.count("select count(*) from runs where recoveries > 0")).isPositive();
    }
    try (Jdbc l = Jdbc.open(ledger)) {
      assertThat(l.count("select count(*) from executions where rerun = 1"))
          .as("completed steps or compensations run again")
          .isZero();
      assertThat(l.count("select count(*) from effects")).isEqualTo(runs * 8L);
      assertThat(l.count("select count(distinct key) from effects")).isEqualTo(runs * 8L);
      assertThat(l.count("select count(*) from effects where key <> run_id || ':' || seq"))
          .isZero();
    }
  }

  private Process startWorker(Path db, Path ledger) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            CrashWorker.class.getName(),
            db.toString(),
            ledger.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("worker.log").toFile()))
        .start();
  }
}
