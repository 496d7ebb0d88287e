package dev.reprise.examples;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sqlite.SQLiteConfig;

/**
 * Audits a {@link Ledger} file read-only after the demo's runs: did every expected effect happen
 * exactly once, did anything else happen, and how often did step bodies run.
 */
public final class LedgerAudit {
  private LedgerAudit() {}

  /**
   * What the ledger holds.
   *
   * @param effects effect rows
   * @param duplicatePairs (run, step) pairs with more than one effect row
   * @param unexpectedEffects effect rows whose key and effect are not one of those allowed
   * @param missingEffects required keys (steps of completed runs) with no effect row
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
   * Audits payment runs only.
   *
   * @param submitted every payment run: an effect that is not one of their steps' is unexpected
   * @param completed the runs that completed: each must have one effect per {@link
   *     PaymentWorkflow#STEPS} entry
   */
  public static Totals audit(
      Path ledgerFile, Collection<String> submitted, Collection<String> completed)
      throws SQLException {
    Map<String, String> allowed = new HashMap<>();
    for (String runId : submitted) {
      allowed.putAll(stepKeys(runId, PaymentWorkflow.STEPS));
    }
    List<String> required = new ArrayList<>();
    for (String runId : completed) {
      required.addAll(stepKeys(runId, PaymentWorkflow.STEPS).keySet());
    }
    return audit(ledgerFile, allowed, required);
  }

  /**
   * @param allowed the effects that may exist: idempotency key to effect name; any other is
   *     unexpected
   * @param required the keys that must have an effect
   */
  public static Totals audit(
      Path ledgerFile, Map<String, String> allowed, Collection<String> required)
      throws SQLException {
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
          if (!step.equals(allowed.get(key)) || !key.startsWith(rs.getString(2) + ":")) {
            unexpected++;
          }
          seenKeys.add(key);
          perPair.merge(rs.getString(2) + "\u0000" + step, 1, Integer::sum);
        }
      }
      int duplicatePairs = (int) perPair.values().stream().filter(n -> n > 1).count();
      int missing = 0;
      for (String key : required) {
        if (!seenKeys.contains(key)) {
          missing++;
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

  /** The keys of a run's forward steps: step {@code i} of the list at seq {@code i + 1}. */
  public static Map<String, String> stepKeys(String runId, List<String> steps) {
    Map<String, String> keys = new HashMap<>();
    for (int i = 0; i < steps.size(); i++) {
      keys.put(runId + ":" + (i + 1), steps.get(i));
    }
    return keys;
  }

  private static int count(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
