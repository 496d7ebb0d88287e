package dev.reprise.internal.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/** Binding and reading help shared by every statement. */
final class Sql {
  private Sql() {}

  /**
   * Appends a line to {@code failure_reason}, never overwriting it; a null line leaves it as it
   * was. Its three placeholders are bound by {@link #bindReason}.
   */
  static final String APPEND_REASON =
      "case when ? is null then failure_reason when failure_reason is null then ?"
          + " else failure_reason || ? end";

  /** Binds {@link #APPEND_REASON} from {@code index}; returns the next index. */
  static int bindReason(PreparedStatement ps, int index, String line) throws SQLException {
    ps.setString(index, line);
    ps.setString(index + 1, line);
    ps.setString(index + 2, line == null ? null : "\n" + line);
    return index + 3;
  }

  static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value);
    }
  }

  static void setInt(PreparedStatement ps, int index, Integer value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.INTEGER);
    } else {
      ps.setInt(index, value);
    }
  }

  static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    Long millis = nullableLong(rs, column);
    return millis == null ? null : Instant.ofEpochMilli(millis);
  }

  /** The single value of a one-column query bound to one string, or null. */
  static Long singleLong(Tx tx, String sql, String arg) throws SQLException {
    PreparedStatement ps = tx.prepare(sql);
    ps.setString(1, arg);
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return null;
      }
      long value = rs.getLong(1);
      return rs.wasNull() ? null : value;
    }
  }
}
