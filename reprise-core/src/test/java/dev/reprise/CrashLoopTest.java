package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.reprise.crash.ExitingWorker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A step that ends its process, in real child JVMs: after the crash-loop limit the run is
 * quarantined instead of started again, and cancelling it runs nothing again.
 */
class CrashLoopTest {
  @TempDir Path dir;

  private Process worker(Path db) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            ExitingWorker.class.getName(),
            db.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("worker.log").toFile())
        .start();
  }

  /** How many times the run was quarantined: each time adds a line to its failure reason. */
  private static long quarantines(RunInfo run) {
    return run.failureReason() == null
        ? 0
        : run.failureReason().lines().filter(l -> l.contains("quarantined:")).count();
  }

  /**
   * Starts workers on {@code db} one after the other, each ended by the run's step, until one stays
   * up with the run {@code id} quarantined once more (at most {@code limit} + 1 starts); returns
   * how many the step ended.
   */
  private int startUntilQuarantined(Path db, String id, int limit) throws Exception {
    int exits = 0;
    try (RepriseClient client = Reprise.builder().sqlite(db).buildClient()) {
      long before = quarantines(client.run(id));
      for (int start = 1; start <= limit + 1; start++) {
        Process p = worker(db);
        try {
          // the process ends (the step ran) or stays up with the run quarantined
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> !p.isAlive() || quarantines(client.run(id)) > before);
          if (!p.isAlive()) {
            assertThat(p.exitValue()).isEqualTo(3);
            exits++;
          } else {
            break;
          }
        } finally {
          p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
      }
    }
    return exits;
  }

  private static String submitPoison(Path db) {
    try (RepriseClient client = Reprise.builder().sqlite(db).buildClient()) {
      return client.submitJson("poison", "\"x\"", RunOptions.DEFAULT).id();
    }
  }

  private static void assertQuarantined(RunInfo run) {
    assertThat(run.status()).isEqualTo(RunStatus.WAITING);
    Wait.Operator wait = (Wait.Operator) run.waitingFor();
    assertThat(wait.cause()).isEqualTo(Wait.Operator.CRASH_LOOP);
    assertThat(wait.reason()).contains("step 'exit' (seq 2)").contains("3 times");
  }

  @Test
  void aRunWhoseStepEndsItsProcessIsQuarantinedAfterTheLimitAndCanBeCancelled() throws Exception {
    Path db = dir.resolve("poison.db");
    String id = submitPoison(db);
    assertThat(startUntilQuarantined(db, id, 3))
        .as("each start before the limit ran the step, which ended it")
        .isEqualTo(3);

    try (Reprise r = Reprise.builder().sqlite(db).workflow(new ExitingWorker.Poison()).build()) {
      assertQuarantined(r.run(id));

      r.start(); // a quarantined run is not started again: this process stays up
      r.cancel(id, "the step is broken");
      RunFailedException ended =
          org.assertj.core.api.Assertions.catchThrowableOfType(
              RunFailedException.class,
              () -> r.handle(id, TypeRef.of(String.class)).result(Duration.ofSeconds(20)));
      assertThat(ended.status()).isEqualTo(RunStatus.CANCELLED);
    }
  }

  /** The poison workflow after its fix: the step that ended the process returns. */
  static final class FixedPoison implements Workflow<String, String> {
    final java.util.List<String> keys = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public String name() {
      return "poison";
    }

    @Override
    public String run(RunContext ctx, String in) {
      ctx.step("fine", () -> "ok");
      ctx.step(
          "exit",
          () -> {
            keys.add(ctx.idempotencyKey());
            return "fixed";
          });
      return in + " done";
    }
  }

  @Test
  void aQuarantinedRunResumedByAnOperatorAfterTheFixCompletesInPlace() throws Exception {
    Path db = dir.resolve("fixed.db");
    String id = submitPoison(db);
    assertThat(startUntilQuarantined(db, id, 3)).isEqualTo(3);

    FixedPoison fixed = new FixedPoison();
    try (Reprise r = Reprise.builder().sqlite(db).workflow(fixed).build()) {
      r.start();
      RunInfo quarantined = r.run(id);
      assertQuarantined(quarantined);
      StepInfo fine = quarantined.steps().get(0);
      assertThat(fixed.keys).as("a quarantined run waits, even for fixed code").isEmpty();

      r.as("ops-1", "the step no longer exits").resume(id);

      assertThat(r.handle(id, TypeRef.of(String.class)).result(Duration.ofSeconds(20)))
          .isEqualTo("x done");
      RunInfo done = r.run(id);
      assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(done.steps().get(0))
          .as("the step completed before the crashes is replayed, not run again")
          .isEqualTo(fine);
      assertThat(fixed.keys)
          .as("the interrupted step ran once more, in the same run: the same key")
          .containsExactly(id + ":2");
      assertThat(r.audit(id))
          .extracting(a -> a.action() + " by " + a.actor())
          .contains(OperatorAction.RESUME + " by ops-1");
    }
  }

  @Test
  void aQuarantinedRunResumedWithoutAFixGetsTheLimitOfTriesAgainThenIsQuarantinedAgain()
      throws Exception {
    Path db = dir.resolve("again.db");
    String id = submitPoison(db);
    assertThat(startUntilQuarantined(db, id, 3)).isEqualTo(3);

    // the daemon cannot help (the step ends it): the operator resumes on the store directly
    try (RepriseClient client = Reprise.builder().sqlite(db).buildClient()) {
      assertQuarantined(client.run(id));
      client.as("ops-2", "one more try").resume(id);
      assertThat(client.run(id).waitingFor()).isInstanceOf(Wait.Operator.class);
    }

    assertThat(startUntilQuarantined(db, id, 3))
        .as("the resume gave the run the crash-loop limit of tries again, not one")
        .isEqualTo(3);
    try (RepriseClient client = Reprise.builder().sqlite(db).buildClient()) {
      assertQuarantined(client.run(id));
    }
  }
}
