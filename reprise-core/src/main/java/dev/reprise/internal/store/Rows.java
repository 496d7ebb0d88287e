package dev.reprise.internal.store;

import dev.reprise.RunInfo;
import dev.reprise.RunStatus;
import dev.reprise.StepInfo;
import dev.reprise.StepKind;
import dev.reprise.StepStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** Result-set rows to public records. */
final class Rows {
  private Rows() {}

  /** Columns as in {@code JdbcStore.RUN_COLUMNS}. */
  static RunInfo run(ResultSet rs, List<StepInfo> steps) throws SQLException {
    return new RunInfo(
        rs.getString(1),
        rs.getString(2),
        RunStatus.fromLabel(rs.getString(3)),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(13),
        rs.getInt(14) != 0,
        rs.getString(15),
        rs.getString(8),
        rs.getInt(9),
        instant(rs, 10),
        instant(rs, 11),
        instant(rs, 12),
        steps);
  }

  static RunInfo withSteps(RunInfo r, List<StepInfo> steps) {
    return new RunInfo(
        r.id(),
        r.workflow(),
        r.status(),
        r.input(),
        r.output(),
        r.errorType(),
        r.errorMessage(),
        r.failureReason(),
        r.compensated(),
        r.resolution(),
        r.idempotencyKey(),
        r.recoveries(),
        r.createdAt(),
        r.startedAt(),
        r.endedAt(),
        steps);
  }

  static StepInfo step(ResultSet rs) throws SQLException {
    return new StepInfo(
        rs.getInt(1),
        rs.getString(2),
        StepKind.fromLabel(rs.getString(3)),
        StepStatus.fromLabel(rs.getString(4)),
        rs.getInt(5) != 0,
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        rs.getInt(10),
        instant(rs, 11),
        instant(rs, 12));
  }

  /** Columns id, namespace, workflow, input, recoveries. */
  static RunHead runHead(ResultSet rs) throws SQLException {
    return new RunHead(
        rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5));
  }

  static Instant instant(ResultSet rs, int column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
  }

  /** The single value of a one-column query bound to a namespace, or null. */
  static Long singleLong(Tx tx, String sql, String namespace) throws SQLException {
    PreparedStatement ps = tx.prepare(sql);
    ps.setString(1, namespace);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? nullableLong(rs, 1) : null;
    }
  }

  static Long nullableLong(ResultSet rs, int column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }
}
