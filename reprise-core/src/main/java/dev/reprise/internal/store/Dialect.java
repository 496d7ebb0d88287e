package dev.reprise.internal.store;

import java.sql.SQLException;
import java.util.List;

/**
 * What differs between databases. The SQL elsewhere is shared: both SQLite and PostgreSQL accept
 * {@code ON CONFLICT} upserts, {@code RETURNING} and partial indexes.
 */
public interface Dialect {

  String name();

  /** The schema, as versioned migrations, oldest first. */
  List<Migration> migrations();

  /**
   * Claims up to {@code ?4} pending runs of namespace {@code ?5} whose workflow is in the JSON
   * array {@code ?6} for owner {@code ?1}, bumping their epoch, at time {@code ?2}/{@code ?3}
   * (started, updated); returns id, workflow, input, epoch.
   */
  String claimPendingSql();

  /** Starts a write transaction on the writer's connection. */
  void begin(Tx tx) throws SQLException;

  void commit(Tx tx) throws SQLException;

  void rollback(Tx tx) throws SQLException;
}
