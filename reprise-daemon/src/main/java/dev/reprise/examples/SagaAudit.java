package dev.reprise.examples;

import dev.reprise.StepInfo;
import dev.reprise.StepKind;
import dev.reprise.StepStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sqlite.SQLiteConfig;

/**
 * Audits failed {@link OrderSaga} runs against their journal and the {@link Ledger}, read-only:
 * every forward step that completed and has a compensation must have exactly one effect under its
 * own key, a completed compensation entry, and exactly one undo effect, under that entry's key.
 */
public final class SagaAudit {
  private static final int EXAMPLES = 5;

  private SagaAudit() {}

  /**
   * What the audit found.
   *
   * @param runs failed saga runs audited
   * @param compensations completed steps whose undo was checked
   * @param violations undos (or undone effects) missing, repeated, not journaled or under another
   *     key; 0 when every completed step was compensated exactly once
   * @param examples the first few violations, described
   */
  public record Result(int runs, int compensations, int violations, List<String> examples) {}

  /** An effect row of the ledger. */
  private record Effect(String key, String name) {}

  /**
   * The effects an order saga may leave in the ledger, key to effect. A refused shipment leaves
   * {@code reserve} (seq 1), {@code charge} (seq 2), no effect for the failed {@code ship} (seq 3),
   * then the compensations in reverse order: {@code refund} (seq 4), {@code release} (seq 5).
   */
  public static Map<String, String> allowedEffects(String runId, boolean failShip) {
    if (!failShip) {
      return LedgerAudit.stepKeys(runId, OrderSaga.STEPS);
    }
    return Map.of(
        runId + ":1",
        "reserve",
        runId + ":2",
        "charge",
        runId + ":4",
        OrderSaga.COMPENSATIONS.get("charge"),
        runId + ":5",
        OrderSaga.COMPENSATIONS.get("reserve"));
  }

  /**
   * @param journals the journal of each failed order saga run, by run id
   */
  public static Result audit(Path ledgerFile, Map<String, List<StepInfo>> journals)
      throws SQLException {
    Map<String, List<Effect>> effects = effectsOf(ledgerFile, journals);
    int compensations = 0;
    List<String> violations = new ArrayList<>();
    for (var run : journals.entrySet()) {
      String runId = run.getKey();
      List<Effect> ofRun = effects.getOrDefault(runId, List.of());
      for (StepInfo step : run.getValue()) {
        String undo = OrderSaga.COMPENSATIONS.get(step.name());
        if (step.kind() != StepKind.STEP || step.status() != StepStatus.COMPLETED || undo == null) {
          continue;
        }
        compensations++;
        check(violations, runId, step.name(), step.seq(), ofRun, step.name());
        StepInfo entry = compensationOf(run.getValue(), step.name());
        if (entry == null || entry.status() != StepStatus.COMPLETED) {
          violations.add(
              "run "
                  + runId
                  + ": the compensation of '"
                  + step.name()
                  + "' is "
                  + (entry == null ? "not in the journal" : entry.status().label()));
          continue;
        }
        check(violations, runId, step.name(), entry.seq(), ofRun, undo);
      }
    }
    return new Result(
        journals.size(),
        compensations,
        violations.size(),
        List.copyOf(violations.subList(0, Math.min(EXAMPLES, violations.size()))));
  }

  /** Adds a violation unless the run has exactly one {@code name} effect, keyed {@code run:seq}. */
  private static void check(
      List<String> violations,
      String runId,
      String step,
      int seq,
      List<Effect> ofRun,
      String name) {
    List<Effect> found = ofRun.stream().filter(e -> e.name().equals(name)).toList();
    String key = runId + ":" + seq;
    if (found.size() != 1 || !found.get(0).key().equals(key)) {
      violations.add(
          "run "
              + runId
              + ": step '"
              + step
              + "' expects one '"
              + name
              + "' effect under "
              + key
              + ", the ledger has "
              + found.stream().map(Effect::key).toList());
    }
  }

  private static StepInfo compensationOf(List<StepInfo> journal, String step) {
    for (StepInfo s : journal) {
      if (s.kind() == StepKind.COMPENSATION && s.name().equals(step)) {
        return s;
      }
    }
    return null;
  }

  private static Map<String, List<Effect>> effectsOf(
      Path ledgerFile, Map<String, List<StepInfo>> journals) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    Map<String, List<Effect>> byRun = new HashMap<>();
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:sqlite:" + ledgerFile.toAbsolutePath(), config.toProperties());
        PreparedStatement ps =
            c.prepareStatement("select idempotency_key, run_id, step from effects");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String runId = rs.getString(2);
        if (journals.containsKey(runId)) {
          byRun
              .computeIfAbsent(runId, id -> new ArrayList<>())
              .add(new Effect(rs.getString(1), rs.getString(3)));
        }
      }
    }
    return byRun;
  }
}
