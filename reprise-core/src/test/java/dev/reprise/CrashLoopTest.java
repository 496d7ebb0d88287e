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

  @Test
  void aRunWhoseStepEndsItsProcessIsQuarantinedAfterTheLimitAndCanBeCancelled() throws Exception {
    Path db = dir.resolve("poison.db");
    String id;
    try (RepriseClient client = Reprise.builder().sqlite(db).buildClient()) {
      id = client.submitJson("poison", "\"x\"", RunOptions.DEFAULT).id();
    }
    int exits = 0;
    try (RepriseClient client = Reprise.builder().sqlite(db).buildClient()) {
      for (int start = 1; start <= 4; start++) {
        Process p = worker(db);
        try {
          // the process ends (the step ran) or stays up with the run quarantined
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> !p.isAlive() || client.run(id).waitingFor() instanceof Wait.Operator);
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
    assertThat(exits).as("each start before the limit ran the step, which ended it").isEqualTo(3);

    try (Reprise r = Reprise.builder().sqlite(db).workflow(new ExitingWorker.Poison()).build()) {
      RunInfo run = r.run(id);
      assertThat(run.status()).isEqualTo(RunStatus.WAITING);
      Wait.Operator wait = (Wait.Operator) run.waitingFor();
      assertThat(wait.cause()).isEqualTo(Wait.Operator.CRASH_LOOP);
      assertThat(wait.reason()).contains("step 'exit' (seq 2)").contains("3 times");

      r.start(); // a quarantined run is not started again: this process stays up
      r.cancel(id, "the step is broken");
      RunFailedException ended =
          org.assertj.core.api.Assertions.catchThrowableOfType(
              RunFailedException.class,
              () -> r.handle(id, TypeRef.of(String.class)).result(Duration.ofSeconds(20)));
      assertThat(ended.status()).isEqualTo(RunStatus.CANCELLED);
    }
  }
}
