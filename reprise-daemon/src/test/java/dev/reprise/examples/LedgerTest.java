package dev.reprise.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerTest {
  @TempDir Path dir;

  @Test
  void applyingTheSameKeyTwiceKeepsOneEffectAndReturnsTheFirstReference() throws Exception {
    Path file = dir.resolve("ledger.db");
    String first;
    String second;
    try (Ledger ledger = Ledger.open(file)) {
      first =
          ledger.apply(
              ledger.startExecution("r1", 1, "reserve", false), "r1:1", "r1", "reserve", 500);
      second =
          ledger.apply(
              ledger.startExecution("r1", 1, "reserve", false), "r1:1", "r1", "reserve", 500);
    }

    assertThat(second).isEqualTo(first);
    LedgerAudit.Totals totals = LedgerAudit.audit(file, List.of("r1"), List.of());
    assertThat(totals.effects()).isEqualTo(1);
    assertThat(totals.executions()).isEqualTo(2);
    assertThat(totals.deduplicated()).isEqualTo(1);
    assertThat(totals.duplicateEffects()).isZero();
    assertThat(totals.reruns()).isZero();
  }

  @Test
  void executionOfAnAlreadyCompletedStepIsRecordedAsARerun() throws Exception {
    Path file = dir.resolve("ledger.db");
    try (Ledger ledger = Ledger.open(file)) {
      ledger.startExecution("r1", 2, "charge", true);
    }

    assertThat(LedgerAudit.audit(file, List.of(), List.of()).reruns()).isEqualTo(1);
  }

  @Test
  void auditCountsDuplicatedUnexpectedAndMissingEffects() throws Exception {
    Path file = dir.resolve("ledger.db");
    try (Ledger ledger = Ledger.open(file)) {
      for (int seq = 1; seq <= PaymentWorkflow.STEPS.size(); seq++) {
        String step = PaymentWorkflow.STEPS.get(seq - 1);
        ledger.apply(ledger.startExecution("r1", seq, step, false), "r1:" + seq, "r1", step, 500);
      }
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      // a second charge under another key: what a non-idempotent API would have done
      s.execute(
          "insert into effects (idempotency_key, run_id, step, amount_cents, created_at)"
              + " values ('r1:9', 'r1', 'charge', 500, 0)");
    }

    LedgerAudit.Totals totals = LedgerAudit.audit(file, List.of("r1", "r2"), List.of("r1", "r2"));

    assertThat(totals.duplicatePairs()).isEqualTo(1);
    assertThat(totals.unexpectedEffects()).isEqualTo(1);
    assertThat(totals.duplicateEffects()).isEqualTo(2);
    assertThat(totals.missingEffects()).isEqualTo(PaymentWorkflow.STEPS.size());
  }

  private static int sh(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor();
  }

  @Test
  void aLedgerThatHitAFullDiskWritesAgainOnceSpaceReturns() throws Exception {
    Path mount = java.nio.file.Files.createTempDirectory("ledger-full-");
    if (sh("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString()) != 0) {
      System.err.println(
          "\n*** LedgerTest full disk SKIPPED: cannot mount a tmpfs here (needs root) ***\n");
      java.nio.file.Files.deleteIfExists(mount);
      org.junit.jupiter.api.Assumptions.abort("cannot mount a tmpfs");
    }
    try (Ledger ledger = Ledger.open(mount.resolve("ledger.db"))) {
      String pad = "x".repeat(4000);
      SQLException full = null;
      for (int i = 0; i < 2000 && full == null; i++) {
        try {
          ledger.apply(
              ledger.startExecution("r" + i, 1, pad, false), "r" + i + ":1", "r" + i, pad, 1);
        } catch (SQLException e) {
          full = e;
        }
      }
      assertThat((Throwable) full).as("the disk filled").isNotNull();
      assertThat(sh("mount", "-o", "remount,size=64m", mount.toString())).isZero();
      for (int i = 0; i < 3; i++) {
        String key = "after-" + i;
        assertThat(ledger.apply(ledger.startExecution(key, 1, "s", false), key, key, "s", 1))
            .as("written again without a restart")
            .isNotNull();
      }
    } finally {
      sh("umount", "-l", mount.toString());
      java.nio.file.Files.deleteIfExists(mount);
    }
  }
}
