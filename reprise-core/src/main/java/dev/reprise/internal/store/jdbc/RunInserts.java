package dev.reprise.internal.store.jdbc;

import dev.reprise.RunStatus;
import dev.reprise.internal.store.InsertResult;
import dev.reprise.internal.store.NewRun;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The insert of a new run, shared by submits, schedule fires and child starts: {@code pending}, or
 * {@code running} under epoch 1 when it is inserted already claimed. A run whose id or idempotency
 * key is taken is not inserted again; the existing run's id is returned instead.
 */
final class RunInserts {
  private final String scope;
  private final String sql;

  RunInserts(Dialect dialect, String scope) {
    this.scope = scope;
    this.sql =
        // insert ... select, not values: a driver that rewrites batched inserts into one
        // multi-row insert (pgjdbc's reWriteBatchedInserts) reports no count per row, and a
        // submit must know whether it created its run
        "insert into runs (id, namespace, workflow, status, input, idempotency_key, owner, epoch,"
            + " created_at, started_at, updated_at, parent_id, parent_seq, deadline_at, queue,"
            + " priority, lease_until, detached, key_name, key_value) select ?, ?, ?, ?, ?, ?, ?,"
            + " ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            + dialect.nowMillis()
            + " + ?, ?, ?, ? where true on conflict do nothing";
  }

  /**
   * The insert as one batchable statement: the submits of one commit go in one round trip. A run
   * with tags is inserted with them, in one transaction.
   */
  SqlWork<InsertResult> work(NewRun run) {
    BatchableWork<InsertResult> insert =
        BatchableWork.of(
            sql,
            ps -> bind(ps, run),
            (tx, updated) -> updated == 1 ? InsertResult.created(run.id()) : existing(tx, run));
    if (run.tags().isEmpty()) {
      return insert;
    }
    return tx -> {
      InsertResult result = insert.apply(tx);
      if (result.created()) {
        insertTags(tx, run);
      }
      return result;
    };
  }

  private static void insertTags(Tx tx, NewRun run) throws SQLException {
    PreparedStatement ps =
        tx.prepare("insert into run_tags (run_id, name, value) values (?, ?, ?)");
    for (java.util.Map.Entry<String, String> tag : run.tags().entrySet()) {
      ps.setString(1, run.id());
      ps.setString(2, tag.getKey());
      ps.setString(3, tag.getValue());
      ps.executeUpdate();
    }
  }

  /** Inserts inside another transaction; true when the run was created. */
  boolean insert(Tx tx, NewRun run) throws SQLException {
    return work(run).apply(tx).created();
  }

  /**
   * Inserts a pending run that starts with a journal, at epoch 1 (so its first claim, at 2, reads
   * the journal); the existing run when the id or key is taken.
   */
  InsertResult insertWithJournal(Tx tx, NewRun run) throws SQLException {
    PreparedStatement ps = tx.prepare(sql);
    bind(ps, run);
    ps.setLong(8, 1);
    if (ps.executeUpdate() != 1) {
      return existing(tx, run);
    }
    insertTags(tx, run);
    return InsertResult.created(run.id());
  }

  private void bind(PreparedStatement ps, NewRun run) throws SQLException {
    boolean claimed = run.owner() != null;
    if (claimed && run.concurrencyKey() != null) {
      throw new IllegalStateException("a run with a concurrency key starts only through a claim");
    }
    ps.setString(1, run.id());
    ps.setString(2, scope);
    ps.setString(3, run.workflow());
    ps.setString(4, (claimed ? RunStatus.RUNNING : RunStatus.PENDING).label());
    ps.setString(5, run.inputJson());
    ps.setString(6, run.idempotencyKey());
    ps.setString(7, run.owner());
    ps.setLong(8, claimed ? 1 : 0);
    ps.setLong(9, run.createdAtMillis());
    Sql.setLong(ps, 10, claimed ? run.createdAtMillis() : null);
    ps.setLong(11, run.createdAtMillis());
    ps.setString(12, run.parentId());
    Sql.setInt(ps, 13, run.parentSeq());
    Sql.setLong(ps, 14, run.deadlineAt());
    ps.setString(15, run.queue());
    ps.setInt(16, run.priority());
    Sql.setLong(ps, 17, claimed ? run.leaseMillis() : null);
    ps.setInt(18, run.detached() ? 1 : 0);
    ps.setString(19, run.concurrencyKey() == null ? null : run.concurrencyKey().name());
    ps.setString(20, run.concurrencyKey() == null ? null : run.concurrencyKey().value());
  }

  /** The run that has the new run's idempotency key, else its id. */
  private InsertResult existing(Tx tx, NewRun run) throws SQLException {
    if (run.idempotencyKey() != null) {
      PreparedStatement ps =
          tx.prepare(
              "select id, workflow, input from runs where namespace = ? and idempotency_key = ?");
      ps.setString(1, scope);
      ps.setString(2, run.idempotencyKey());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return InsertResult.existing(
              rs.getString("id"), rs.getString("workflow"), rs.getString("input"));
        }
      }
    }
    PreparedStatement ps = tx.prepare("select namespace, workflow, input from runs where id = ?");
    ps.setString(1, run.id());
    try (ResultSet rs = ps.executeQuery()) {
      if (rs.next() && scope.equals(rs.getString("namespace"))) {
        return InsertResult.existing(run.id(), rs.getString("workflow"), rs.getString("input"));
      }
    }
    return InsertResult.existing(run.id(), null, null);
  }
}
