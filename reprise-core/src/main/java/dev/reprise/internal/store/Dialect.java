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
   * Claims up to {@code ?4} runs of namespace {@code ?5} whose workflow is in the JSON array {@code
   * ?6} for owner {@code ?1}: pending runs and waiting runs due at {@code ?2} (which become
   * running), and compensating runs that no process holds. Bumps their epoch, at time {@code
   * ?2}/{@code ?3} (started, updated); returns id, workflow, input, epoch, status, error_type,
   * error_message, cancel_reason, deadline_at.
   */
  String claimPendingSql();

  /** Starts a write transaction on the writer's connection. */
  void begin(Tx tx) throws SQLException;

  void commit(Tx tx) throws SQLException;

  void rollback(Tx tx) throws SQLException;
}
