package dev.reprise.internal.store.jdbc;

import dev.reprise.ConcurrencyKey;
import dev.reprise.RunInfo;
import dev.reprise.RunStatus;
import dev.reprise.StepInfo;
import dev.reprise.StepKind;
import dev.reprise.StepStatus;
import dev.reprise.internal.store.ClaimedRun;
import dev.reprise.internal.store.RunHead;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** Result-set rows to records, read by column name. */
final class Rows {
  private Rows() {}

  /** The columns {@link #run} reads. */
  static final String RUN_COLUMNS =
      "id, workflow, status, input, output, error_type, error_message, idempotency_key, recoveries,"
          + " created_at, started_at, ended_at, failure_reason, compensated, resolution,"
          + " wait_kind, wait_on, wait_until, wait_reason, key_name, key_value";

  /** The columns {@link #step} reads. */
  static final String STEP_COLUMNS =
      "seq, name, kind, status, at_most_once, output, output_type, error_type, error_message,"
          + " attempts, started_at, ended_at, compensable";

  /** The columns {@link #runHead} reads. */
  static final String HEAD_COLUMNS = "id, namespace, workflow, input, recoveries";

  /** The columns {@link #claimed} reads (a claim returns them). */
  static final String CLAIMED_COLUMNS =
      "id, workflow, input, epoch, status, error_type, error_message, cancel_reason, deadline_at,"
          + " queue, parent_id";

  static RunInfo run(ResultSet rs) throws SQLException {
    return new RunInfo(
        rs.getString("id"),
        rs.getString("workflow"),
        RunStatus.fromLabel(rs.getString("status")),
        rs.getString("input"),
        rs.getString("output"),
        rs.getString("error_type"),
        rs.getString("error_message"),
        rs.getString("failure_reason"),
        rs.getInt("compensated") != 0,
        rs.getString("resolution"),
        rs.getString("idempotency_key"),
        rs.getInt("recoveries"),
        Sql.instant(rs, "created_at"),
        Sql.instant(rs, "started_at"),
        Sql.instant(rs, "ended_at"),
        WaitColumns.read(rs),
        List.of(),
        Map.of(),
        rs.getString("key_name") == null
            ? null
            : new ConcurrencyKey(rs.getString("key_name"), rs.getString("key_value")));
  }

  static StepInfo step(ResultSet rs) throws SQLException {
    return new StepInfo(
        rs.getInt("seq"),
        rs.getString("name"),
        StepKind.fromLabel(rs.getString("kind")),
        StepStatus.fromLabel(rs.getString("status")),
        rs.getInt("at_most_once") != 0,
        rs.getString("output"),
        rs.getString("output_type"),
        rs.getString("error_type"),
        rs.getString("error_message"),
        rs.getInt("attempts"),
        Sql.instant(rs, "started_at"),
        Sql.instant(rs, "ended_at"),
        rs.getInt("compensable") != 0);
  }

  /** Runs the query and reads each row with {@link #runHead}. */
  static java.util.List<RunHead> runHeads(java.sql.PreparedStatement ps) throws SQLException {
    java.util.List<RunHead> heads = new java.util.ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        heads.add(runHead(rs));
      }
    }
    return heads;
  }

  static RunHead runHead(ResultSet rs) throws SQLException {
    return new RunHead(
        rs.getString("id"),
        rs.getString("namespace"),
        rs.getString("workflow"),
        rs.getString("input"),
        rs.getInt("recoveries"));
  }

  static ClaimedRun claimed(ResultSet rs) throws SQLException {
    return new ClaimedRun(
        rs.getString("id"),
        rs.getString("workflow"),
        rs.getString("input"),
        rs.getLong("epoch"),
        RunStatus.COMPENSATING.label().equals(rs.getString("status")),
        rs.getString("error_type"),
        rs.getString("error_message"),
        rs.getString("cancel_reason"),
        Sql.nullableLong(rs, "deadline_at"),
        rs.getString("queue"),
        rs.getString("parent_id"));
  }
}
