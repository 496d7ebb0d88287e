package dev.reprise.internal.store.jdbc;

import dev.reprise.StoreUnavailableException;

/**
 * What every role of a JDBC store shares: where it is, its dialect, the scope it sees (stored in
 * the {@code namespace} column), its writer (null when opened read-only) and its readers.
 */
record JdbcContext(
    String location, Dialect dialect, String scope, JournalWriter nullableWriter, Readers readers) {

  /** The writer; a read-only store refuses every write here. */
  JournalWriter writer() {
    if (nullableWriter == null) {
      throw new StoreUnavailableException(location, "opened read-only; writes are refused", null);
    }
    return nullableWriter;
  }
}
