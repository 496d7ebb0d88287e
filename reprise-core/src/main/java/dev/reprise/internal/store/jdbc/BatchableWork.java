package dev.reprise.internal.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Work that is one statement. The journal writer sends neighbouring work of the same statement as
 * one JDBC batch: one round trip to a database server for many journal entries.
 */
public interface BatchableWork<T> extends SqlWork<T> {

  /** Binds one statement's parameters. */
  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  /** The result of the statement, given how many rows it changed. */
  @FunctionalInterface
  interface Outcome<T> {
    T of(Tx tx, int updated) throws SQLException;
  }

  static <T> BatchableWork<T> of(String sql, Binder binder, Outcome<T> outcome) {
    return new BatchableWork<>() {
      @Override
      public String sql() {
        return sql;
      }

      @Override
      public void bind(PreparedStatement ps) throws SQLException {
        binder.bind(ps);
      }

      @Override
      public T done(Tx tx, int updated) throws SQLException {
        return outcome.of(tx, updated);
      }
    };
  }

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
