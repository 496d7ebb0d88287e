package com.example.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.reprise.Reprise;
import dev.reprise.RepriseClient;
import dev.reprise.RunInfo;
import dev.reprise.RunOptions;
import dev.reprise.RunStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example application in a child JVM, killed with SIGKILL while its runs are mid-flight (step
 * bodies running, steps completed, runs not ended), then started again on the same SQLite file:
 * every run completes, and no step body whose result the journal held ran again.
 */
class CrashTest {
  private static final int RUNS = 30;
  private static final int STEPS = 3;

  /** The first process's bodies after this many hang until the kill. */
  private static final int HANG_AFTER = 40;

  @TempDir Path dir;

  @Test
  void runsKilledMidFlightCompleteAfterARestartWithoutRerunningCompletedSteps() throws Exception {
    Path db = dir.resolve("reprise.db");
    Path ledger = dir.resolve("ledger.db");
    List<String> ids = new ArrayList<>();
    try (RepriseClient client = Reprise.builder().sqlite(db).buildClient()) {
      for (int i = 0; i < RUNS; i++) {
        String order = "{\"id\":\"o-%d\",\"sku\":\"s\",\"quantity\":1,\"cents\":100}".formatted(i);
        ids.add(client.submitJson("order", order, RunOptions.idempotencyKey("o-" + i)).id());
      }
    }

    Process first = start(db, ledger, HANG_AFTER);
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> count(ledger, "select count(*) from executions") > HANG_AFTER);
    first.destroyForcibly();
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    try (RepriseClient client = readOnly(db)) {
      assertThat(client.countByStatus().getOrDefault(RunStatus.COMPLETED, 0L))
          .as("runs left to finish after the kill")
          .isLessThan(RUNS);
    }

    Process second = start(db, ledger, 0);
    try {
      await().atMost(Duration.ofSeconds(90)).until(() -> completed(db) == RUNS);
    } finally {
      second.destroy(); // SIGTERM: Spring's shutdown hook drains Reprise
      assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    assertThat(count(ledger, "select count(*) from executions where rerun = 1"))
        .as("completed steps run again")
        .isZero();
    assertThat(count(ledger, "select count(*) from effects")).isEqualTo(RUNS * STEPS);
    try (RepriseClient client = readOnly(db)) {
      for (int i = 0; i < RUNS; i++) {
        RunInfo run = client.run(ids.get(i));
        assertThat(run.output()).contains("\"orderId\":\"o-" + i + "\"");
        assertThat(run.steps()).hasSize(STEPS);
      }
      assertThat(
              client.runs(dev.reprise.RunFilter.all()).stream().mapToInt(RunInfo::recoveries).sum())
          .as("runs were recovered after the kill")
          .isPositive();
    }
  }

  private Process start(Path db, Path ledger, int hangAfter) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            CrashTestApp.class.getName(),
            "--server.port=0",
            "--reprise.sqlite.path=" + db,
            "--reprise.concurrency=4",
            "--reprise.poll-interval=50ms",
            "--ledger.path=" + ledger,
            "--ledger.hang-after=" + hangAfter)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("app.log").toFile()))
        .start();
  }

  private static RepriseClient readOnly(Path db) {
    return Reprise.builder().sqlite(db).readOnly().buildClient();
  }

  private static long completed(Path db) {
    try (RepriseClient client = readOnly(db)) {
      return client.countByStatus().getOrDefault(RunStatus.COMPLETED, 0L);
    }
  }

  private static long count(Path file, String sql) throws SQLException {
    if (!file.toFile().exists()) {
      return 0;
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getLong(1) : 0;
    } catch (SQLException e) {
      if (e.getMessage().contains("no such table")) {
        return 0;
      }
      throw e;
    }
  }
}
