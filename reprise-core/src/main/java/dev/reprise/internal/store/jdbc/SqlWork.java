package dev.reprise.internal.store.jdbc;

import java.sql.SQLException;

/** Work on a transaction of the journal writer, or on a read connection. */
@FunctionalInterface
public interface SqlWork<T> {
  T apply(Tx tx) throws SQLException;
}
