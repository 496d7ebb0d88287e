package dev.reprise.internal.store;

import java.sql.SQLException;
import java.util.List;

/**
 * SQLite: one writer, so claiming needs no row locks. The claim reads each kind of claimable run
 * through its own index (one branch per status), so its cost does not grow with ended runs. Write
 * transactions are begun {@code immediate} by hand on an auto-commit connection, so that the write
 * lock is taken (waiting out the busy timeout) when the batch starts and released at its commit,
 * even with other processes writing the same file.
 */
public final class SqliteDialect implements Dialect {

  @Override
  public String name() {
    return "sqlite";
  }

  private static final List<Migration> MIGRATIONS = Schema.forDialect("without rowid");

  @Override
  public List<Migration> migrations() {
    return MIGRATIONS;
  }

  @Override
  public String claimPendingSql() {
    return """
        update runs set status = case when status = 'compensating' then status else 'running' end,
          owner = ?1, epoch = epoch + 1, started_at = coalesce(started_at, ?2), updated_at = ?3,
          wake_at = null, wait_reason = null
        where id in (
          select id from (
            select id, created_at from (
              select id, created_at from runs where namespace = ?5 and status = 'pending'
                and workflow in (select value from json_each(?6))
              order by created_at, id limit ?4)
            union all
            select id, created_at from (
              select id, created_at from runs where namespace = ?5 and status = 'waiting'
                and wake_at <= ?2 and workflow in (select value from json_each(?6))
              order by wake_at limit ?4)
            union all
            select id, created_at from (
              select id, created_at from runs where namespace = ?5 and status = 'compensating'
                and owner is null and workflow in (select value from json_each(?6))
              limit ?4))
          order by created_at, id limit ?4)
        returning id, workflow, input, epoch, status, error_type, error_message, cancel_reason,
          deadline_at""";
  }

  @Override
  public void begin(Tx tx) throws SQLException {
    tx.prepare("begin immediate").execute();
  }

  @Override
  public void commit(Tx tx) throws SQLException {
    tx.prepare("commit").execute();
  }

  @Override
  public void rollback(Tx tx) throws SQLException {
    if (!tx.connection().getAutoCommit()) {
      tx.connection().rollback();
      return;
    }
    tx.prepare("rollback").execute();
  }
}
