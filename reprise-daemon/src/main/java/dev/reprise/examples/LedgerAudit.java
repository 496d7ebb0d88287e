package dev.reprise.examples;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.sqlite.SQLiteConfig;

/**
 * Audits a {@link Ledger} file read-only after payment runs: did every expected effect happen
 * exactly once, did anything else happen, and how often did step bodies run.
 */
public final class LedgerAudit {
  private LedgerAudit() {}

  /**
   * What the ledger holds.
   *
   * @param effects effect rows
   * @param duplicatePairs (run, step) pairs with more than one effect row
   * @param unexpectedEffects effect rows whose key and step are not one of the expected {@code
   *     runId:seq} of a payment step
   * @param missingEffects steps of completed runs with no effect row
   * @param executions step bodies that reached the ledger
   * @param deduplicated executions whose effect the ledger already had (a body run again after a
   *     crash, turned harmless by its idempotency key)
   * @param reruns executions of a step the journal already showed completed
   */
  public record Totals(
      int effects,
      int duplicatePairs,
      int unexpectedEffects,
      int missingEffects,
      int executions,
      int deduplicated,
      int reruns) {

    /** Effects that should not exist: duplicates plus unexpected ones. */
    public int duplicateEffects() {
      return duplicatePairs + unexpectedEffects;
    }
  }

  /**
   * @param submitted every payment run: an effect that is not one of their steps' is unexpected
   * @param completed the runs that completed: each must have one effect per {@link
   *     PaymentWorkflow#STEPS} entry
   */
  public static Totals audit(
      Path ledgerFile, Collection<String> submitted, Collection<String> completed)
      throws SQLException {
    Map<String, String> expected = new HashMap<>();
    for (String runId : submitted) {
      for (int i = 0; i < PaymentWorkflow.STEPS.size(); i++) {
        expected.put(runId + ":" + (i + 1), PaymentWorkflow.STEPS.get(i));
      }
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    try (Connection c =
        DriverManager.getConnection(
            "jdbc:sqlite:" + ledgerFile.toAbsolutePath(), config.toProperties())) {
      int effects = 0;
      int unexpected = 0;
      Set<String> seenKeys = new HashSet<>();
      Map<String, Integer> perPair = new HashMap<>();
      try (PreparedStatement ps =
              c.prepareStatement("select idempotency_key, run_id, step from effects");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          effects++;
          String key = rs.getString(1);
          String step = rs.getString(3);
          if (!step.equals(expected.get(key)) || !key.startsWith(rs.getString(2) + ":")) {
            unexpected++;
          }
          seenKeys.add(key);
          perPair.merge(rs.getString(2) + "\u0000" + step, 1, Integer::sum);
        }
      }
      int duplicatePairs = (int) perPair.values().stream().filter(n -> n > 1).count();
      int missing = 0;
      for (String runId : completed) {
        for (int seq = 1; seq <= PaymentWorkflow.STEPS.size(); seq++) {
          if (!seenKeys.contains(runId + ":" + seq)) {
            missing++;
          }
        }
      }
      return new Totals(
          effects,
          duplicatePairs,
          unexpected,
          missing,
          count(c, "select count(*) from executions"),
          count(c, "select count(*) from executions where outcome = '" + Ledger.DEDUPLICATED + "'"),
          count(c, "select count(*) from reruns"));
    }
  }

  private static int count(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
