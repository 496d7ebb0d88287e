package dev.reprise.internal.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Work that is one statement. The journal writer sends neighbouring work of the same statement as
 * one JDBC batch: one round trip to a database server for many journal entries.
 */
public interface BatchableWork<T> extends SqlWork<T> {
  String sql();

  void bind(PreparedStatement ps) throws SQLException;

  /** The result, given how many rows the statement changed. */
  T done(Tx tx, int updated) throws SQLException;

  @Override
  default T apply(Tx tx) throws SQLException {
    PreparedStatement ps = tx.prepare(sql());
    bind(ps);
    return done(tx, ps.executeUpdate());
  }
}
