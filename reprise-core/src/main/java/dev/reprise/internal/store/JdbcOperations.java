package dev.reprise.internal.store;

import static dev.reprise.internal.store.JdbcStore.APPEND_REASON;
import static dev.reprise.internal.store.JdbcStore.bindReason;

import dev.reprise.RunInfo;
import dev.reprise.RunStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Operator views and actions over JDBC. Views work on a read-only store; actions need a writer. */
final class JdbcOperations implements Operations {
  /**
   * What vacuum may delete: runs that ended and need nobody. A {@code failed_compensation} run
   * waits for an operator, so it stays until it is resolved or its compensation retried.
   */
  private static final String VACUUMABLE = "('completed', 'failed', 'cancelled')";

  private final JdbcStore store;
  private final String namespace;
  private final Readers readers;

  JdbcOperations(JdbcStore store, String namespace, Readers readers) {
    this.store = store;
    this.namespace = namespace;
    this.readers = readers;
  }

  @Override
  public List<RunInfo> unresolved() {
    return withSteps(
        "select "
            + JdbcStore.RUN_COLUMNS
            + " from runs where namespace = ?"
            + " and status in ('pending', 'running', 'waiting', 'compensating', 'failed_compensation')"
            + " order by created_at, id",
        null);
  }

  @Override
  public List<RunInfo> recent(int limit) {
    return withSteps(
        "select "
            + JdbcStore.RUN_COLUMNS
            + " from runs where namespace = ?"
            + " order by coalesce(ended_at, started_at, created_at) desc, id desc limit ?",
        limit);
  }

  /** Runs and their steps read in one read transaction, so they agree with each other. */
  private List<RunInfo> withSteps(String sql, Integer limit) {
    return readers.read(
        tx -> {
          var c = tx.connection();
          boolean auto = c.getAutoCommit();
          c.setAutoCommit(false);
          try {
            PreparedStatement ps = tx.prepare(sql);
            ps.setString(1, namespace);
            if (limit != null) {
              ps.setInt(2, limit);
            }
            List<RunInfo> runs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                runs.add(Rows.run(rs, List.of()));
              }
            }
            List<RunInfo> full = new ArrayList<>(runs.size());
            for (RunInfo run : runs) {
              full.add(Rows.withSteps(run, JdbcStore.readSteps(tx, run.id())));
            }
            return full;
          } finally {
            c.commit();
            c.setAutoCommit(auto);
          }
        });
  }

  @Override
  public Map<RunStatus, Long> countByStatus() {
    return readers.read(
        tx -> {
          PreparedStatement ps =
              tx.prepare("select status, count(*) from runs where namespace = ? group by status");
          ps.setString(1, namespace);
          Map<RunStatus, Long> counts = new java.util.EnumMap<>(RunStatus.class);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              counts.put(RunStatus.fromLabel(rs.getString(1)), rs.getLong(2));
            }
          }
          return counts;
        });
  }

  @Override
  public int vacuum(long cutoffMillis, int batch) {
    int total = 0;
    while (true) {
      int deleted =
          store
              .writer()
              .execute(
                  tx -> {
                    PreparedStatement ps =
                        tx.prepare(
                            "delete from runs where id in (select id from runs where namespace = ?"
                                + " and status in "
                                + VACUUMABLE
                                + " and ended_at < ? order by ended_at limit ?)");
                    ps.setString(1, namespace);
                    ps.setLong(2, cutoffMillis);
                    ps.setInt(3, batch);
                    return ps.executeUpdate();
                  });
      total += deleted;
      if (deleted < batch) {
        return total;
      }
    }
  }

  @Override
  public Change markFailedCompensation(String runId, String reasonLine, long now) {
    return change(
        runId,
        "update runs set status = 'failed_compensation', owner = null, epoch = epoch + 1,"
            + " failure_reason = "
            + APPEND_REASON
            + ", ended_at = ?, updated_at = ?"
            + " where id = ? and namespace = ?"
            + " and status in ('compensating', 'failed', 'failed_compensation')",
        reasonLine,
        now,
        null,
        // the run has ended: a parent waiting for it as a child goes on
        tx -> JdbcStore.wakeParent(tx, runId, now));
  }

  @Override
  public Change retryCompensation(String runId, String reasonLine, long now) {
    return change(
        runId,
        "update runs set status = 'compensating', owner = null, epoch = epoch + 1,"
            + " failure_reason = "
            + APPEND_REASON
            + ", ended_at = null, updated_at = ?"
            + " where id = ? and namespace = ? and status = 'failed_compensation'",
        reasonLine,
        null,
        now,
        // in the same transaction: the run must not be claimed before its failed
        // compensations are ready to run again
        tx -> {
          PreparedStatement ps =
              tx.prepare(
                  "update steps set status = 'pending', attempts = 0, error_type = null,"
                      + " error_message = null where run_id = ? and kind = 'compensation'"
                      + " and status = 'failed'");
          ps.setString(1, runId);
          ps.executeUpdate();
        });
  }

  @Override
  public Change resolve(String runId, String note, String reasonLine, long now) {
    return store
        .writer()
        .execute(
            tx -> {
              PreparedStatement ps =
                  tx.prepare(
                      "update runs set status = 'failed', resolution = ?, failure_reason = "
                          + APPEND_REASON
                          + ", updated_at = ? where id = ? and namespace = ?"
                          + " and status = 'failed_compensation'");
              ps.setString(1, note);
              int i = bindReason(ps, 2, reasonLine);
              ps.setLong(i, now);
              ps.setString(i + 1, runId);
              ps.setString(i + 2, namespace);
              return outcome(tx, runId, ps.executeUpdate());
            });
  }

  @Override
  public Change cancel(String runId, String reason, String reasonLine, long now) {
    return store
        .writer()
        .execute(
            tx -> {
              PreparedStatement pending =
                  tx.prepare(
                      "update runs set status = 'cancelled', error_type = 'cancelled', error_message = ?,"
                          + " cancel_reason = ?, failure_reason = "
                          + APPEND_REASON
                          + ", ended_at = ?, updated_at = ?"
                          + " where id = ? and namespace = ? and status = 'pending'");
              pending.setString(1, reason);
              pending.setString(2, reason);
              int i = bindReason(pending, 3, reasonLine);
              pending.setLong(i, now);
              pending.setLong(i + 1, now);
              pending.setString(i + 2, runId);
              pending.setString(i + 3, namespace);
              if (pending.executeUpdate() == 1) {
                JdbcStore.wakeParent(tx, runId, now);
                return Change.DONE;
              }
              // a waiting run is made due at once, to see the request at its next replay
              PreparedStatement running =
                  tx.prepare(
                      "update runs set cancel_reason = coalesce(cancel_reason, ?),"
                          + " wake_at = case when status = 'waiting' then ? else wake_at end,"
                          + " updated_at = ? where id = ? and namespace = ?"
                          + " and status in ('running', 'waiting')");
              running.setString(1, reason);
              running.setLong(2, now);
              running.setLong(3, now);
              running.setString(4, runId);
              running.setString(5, namespace);
              return outcome(tx, runId, running.executeUpdate());
            });
  }

  @Override
  public Change signal(String runId, String signalId, String name, String payload, long now) {
    return store
        .writer()
        .execute(
            tx -> {
              PreparedStatement status =
                  tx.prepare("select status from runs where id = ? and namespace = ?");
              status.setString(1, runId);
              status.setString(2, namespace);
              try (ResultSet rs = status.executeQuery()) {
                if (!rs.next()) {
                  return Change.NOT_FOUND;
                }
                if (RunStatus.fromLabel(rs.getString(1)).isTerminal()) {
                  return Change.WRONG_STATUS;
                }
              }
              PreparedStatement insert =
                  tx.prepare(
                      "insert into signals (id, run_id, seq, name, payload, sent_at) values (?, ?,"
                          + " (select coalesce(max(seq), 0) + 1 from signals where run_id = ?),"
                          + " ?, ?, ?)");
              insert.setString(1, signalId);
              insert.setString(2, runId);
              insert.setString(3, runId);
              insert.setString(4, name);
              insert.setString(5, payload);
              insert.setLong(6, now);
              insert.executeUpdate();
              PreparedStatement due =
                  tx.prepare(
                      "update runs set wake_at = ? where id = ? and status = 'waiting'"
                          + " and wait_reason = ?");
              due.setLong(1, now);
              due.setString(2, runId);
              due.setString(3, SIGNAL_WAIT + name);
              due.executeUpdate();
              return Change.DONE;
            });
  }

  @Override
  public Map<String, String> cancelRequests(String owner) {
    return readers.read(
        tx -> {
          PreparedStatement ps =
              tx.prepare(
                  "select id, cancel_reason from runs where namespace = ? and status = 'running'"
                      + " and owner = ? and cancel_reason is not null");
          ps.setString(1, namespace);
          ps.setString(2, owner);
          Map<String, String> found = new LinkedHashMap<>();
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              found.put(rs.getString(1), rs.getString(2));
            }
          }
          return found;
        });
  }

  /** More work in the transaction of a change that was made. */
  @FunctionalInterface
  private interface Then {
    void run(Tx tx) throws SQLException;
  }

  /**
   * Runs an update with the reason at its first placeholders, then the times, id, namespace; when
   * it changed the run, {@code then} in the same transaction.
   */
  private Change change(
      String runId, String sql, String reasonLine, Long endedAt, Long updatedAt, Then then) {
    return store
        .writer()
        .execute(
            tx -> {
              PreparedStatement ps = tx.prepare(sql);
              int i = bindReason(ps, 1, reasonLine);
              if (endedAt != null) {
                ps.setLong(i++, endedAt);
                ps.setLong(i++, endedAt);
              } else {
                ps.setLong(i++, updatedAt);
              }
              ps.setString(i, runId);
              ps.setString(i + 1, namespace);
              Change change = outcome(tx, runId, ps.executeUpdate());
              if (change == Change.DONE) {
                then.run(tx);
              }
              return change;
            });
  }

  private Change outcome(Tx tx, String runId, int updated) throws SQLException {
    if (updated == 1) {
      return Change.DONE;
    }
    PreparedStatement ps = tx.prepare("select 1 from runs where id = ? and namespace = ?");
    ps.setString(1, runId);
    ps.setString(2, namespace);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Change.WRONG_STATUS : Change.NOT_FOUND;
    }
  }
}
