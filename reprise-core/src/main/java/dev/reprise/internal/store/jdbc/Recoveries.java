package dev.reprise.internal.store.jdbc;

import static dev.reprise.internal.store.RunTransition.FAIL_UNRECOVERABLE;
import static dev.reprise.internal.store.RunTransition.TAKE_BACK;
import static dev.reprise.internal.store.RunTransition.UNWIND_INTERRUPTED;

import dev.reprise.RecoveryReport;
import dev.reprise.SweepReport;
import dev.reprise.internal.store.ReasonLine;
import dev.reprise.internal.store.Recovery;
import dev.reprise.internal.store.RunFailure;
import dev.reprise.internal.store.RunHead;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Recovery's SQL, in the writer's transaction: at boot, at release, and in lease sweeps. */
final class Recoveries {
  private Recoveries() {}

  private record Interrupted(String runId, int seq, String name) {}

  /** Runs left by {@code recovery.owner()} (all when null), set by set; see {@link Recovery}. */
  static RecoveryReport apply(Tx tx, String namespace, Recovery recovery) throws SQLException {
    long now = recovery.nowMillis();
    String owner = recovery.owner();
    int quarantined = 0;
    int failed = 0;
    for (Map.Entry<String, RunFailure> f : recovery.failures().entrySet()) {
      int n = fail(tx, f.getKey(), f.getValue(), now);
      if (RunFailure.QUARANTINED.equals(f.getValue().type())) {
        quarantined += n;
      } else {
        failed += n;
      }
    }
    int unwound = 0;
    for (Interrupted step : interruptedAtMostOnce(tx, namespace, owner)) {
      unwound += unwind(tx, step, now);
    }
    if (recovery.counted() && recovery.crashLoopLimit() > 0) {
      quarantined +=
          CrashLoops.count(
              tx,
              "namespace = ? and status in "
                  + TAKE_BACK.fromSql()
                  + " and (? is null or owner = ?)",
              (ps, i) -> {
                ps.setString(i, namespace);
                ps.setString(i + 1, owner);
                ps.setString(i + 2, owner);
                return i + 3;
              },
              recovery.crashLoopLimit(),
              now);
    }
    PreparedStatement reset =
        tx.prepare(
            "update steps set status = 'pending' where run_id in (select id from runs"
                + " where namespace = ? and status in "
                + TAKE_BACK.fromSql()
                + " and (? is null or owner = ?)) and status = 'executing'");
    reset.setString(1, namespace);
    reset.setString(2, owner);
    reset.setString(3, owner);
    int stepsReset = reset.executeUpdate();
    PreparedStatement restart =
        tx.prepare(
            "update runs set status = "
                + TAKE_BACK.toSql()
                + ", owner = null, epoch = epoch + 1, lease_until = null,"
                + " recoveries = recoveries + ?, updated_at = ?"
                + " where namespace = ? and status in "
                + TAKE_BACK.fromSql()
                + " and (? is null or owner = ?)");
    restart.setInt(1, recovery.counted() ? 1 : 0);
    restart.setLong(2, now);
    restart.setString(3, namespace);
    restart.setString(4, owner);
    restart.setString(5, owner);
    int restarted = restart.executeUpdate() - unwound;
    return new RecoveryReport(stepsReset, restarted, unwound + failed, quarantined);
  }

  /**
   * Takes back, set by set, the runs whose lease expired: only those still {@code running} or
   * {@code compensating} with their lease expired on the database's clock, so of several nodes
   * sweeping at once exactly one takes each (the taking bumps the epoch and clears the lease). Each
   * run taken is failed when its decision says so, else put back to be resumed as at boot.
   */
  static SweepReport sweep(
      Tx tx, Dialect dialect, Map<RunHead, RunFailure> decisions, long now, int crashLoopLimit)
      throws SQLException {
    List<String> ids = decisions.keySet().stream().map(RunHead::id).toList();
    PreparedStatement take =
        tx.prepare(
            "update runs set epoch = epoch + 1, owner = null, lease_until = null, updated_at = ?"
                + " where "
                + dialect.memberOf("id")
                + " and status in "
                + TAKE_BACK.fromSql()
                + " and lease_until < "
                + dialect.nowMillis()
                + " returning id");
    take.setLong(1, now);
    dialect.bindNames(tx, take, 2, ids);
    Set<String> taken = new HashSet<>();
    try (ResultSet rs = take.executeQuery()) {
      while (rs.next()) {
        taken.add(rs.getString("id"));
      }
    }
    return settle(tx, dialect, decisions, taken, now, crashLoopLimit);
  }

  /**
   * Takes back, as {@link #sweep} does, the runs of a node whose process ended (its session lock is
   * free), while still held by that node, and only while the node's row names the same lock: read
   * {@code for share} first (where the database has several writers), so that a node taking a new
   * lock waits for this sweep to end, and a sweep after that takes nothing. Under that lock, a run
   * the node holds was claimed under the lost lock, whatever its epoch.
   */
  static SweepReport sweepEnded(
      Tx tx,
      Dialect dialect,
      String nodeId,
      long lockKey,
      Map<RunHead, RunFailure> decisions,
      long now,
      int crashLoopLimit)
      throws SQLException {
    PreparedStatement row =
        tx.prepare("select 1 from nodes where id = ? and lock_key = ?" + dialect.lockForShare());
    row.setString(1, nodeId);
    row.setLong(2, lockKey);
    try (ResultSet rs = row.executeQuery()) {
      if (!rs.next()) {
        return new SweepReport(0, 0, decisions.size());
      }
    }
    List<String> ids = decisions.keySet().stream().map(RunHead::id).toList();
    PreparedStatement take =
        tx.prepare(
            "update runs set epoch = epoch + 1, owner = null, lease_until = null, updated_at = ?"
                + " where "
                + dialect.memberOf("id")
                + " and owner = ? and status in "
                + TAKE_BACK.fromSql()
                + " returning id");
    take.setLong(1, now);
    dialect.bindNames(tx, take, 2, ids);
    take.setString(3, nodeId);
    Set<String> taken = new HashSet<>();
    try (ResultSet rs = take.executeQuery()) {
      while (rs.next()) {
        taken.add(rs.getString("id"));
      }
    }
    return settle(tx, dialect, decisions, taken, now, crashLoopLimit);
  }

  /** The runs a sweep took: each failed when its decision says so, else put back to be resumed. */
  private static SweepReport settle(
      Tx tx,
      Dialect dialect,
      Map<RunHead, RunFailure> decisions,
      Set<String> taken,
      long now,
      int crashLoopLimit)
      throws SQLException {
    List<String> resumed = new ArrayList<>();
    int failed = 0;
    for (Map.Entry<RunHead, RunFailure> d : decisions.entrySet()) {
      String id = d.getKey().id();
      if (!taken.contains(id)) {
        continue;
      }
      if (d.getValue() == null) {
        resumed.add(id);
      } else {
        failed += fail(tx, id, d.getValue(), now);
      }
    }
    int quarantined = 0;
    if (!resumed.isEmpty() && crashLoopLimit > 0) {
      quarantined =
          CrashLoops.count(
              tx,
              dialect.memberOf("id") + " and status in " + TAKE_BACK.fromSql(),
              (ps, i) -> {
                dialect.bindNames(tx, ps, i, resumed);
                return i + 1;
              },
              crashLoopLimit,
              now);
    }
    if (!resumed.isEmpty()) {
      PreparedStatement atMostOnce =
          tx.prepare(
              "select s.run_id, s.seq, s.name from runs r join steps s on s.run_id = r.id"
                  + " where "
                  + dialect.memberOf("r.id")
                  + " and r.status in "
                  + UNWIND_INTERRUPTED.fromSql()
                  + " and s.status = 'executing' and s.at_most_once = 1");
      dialect.bindNames(tx, atMostOnce, 1, resumed);
      for (Interrupted step : interrupted(atMostOnce)) {
        unwind(tx, step, now);
      }
      PreparedStatement reset =
          tx.prepare(
              "update steps set status = 'pending' where "
                  + dialect.memberOf("run_id")
                  + " and status = 'executing'");
      dialect.bindNames(tx, reset, 1, resumed);
      reset.executeUpdate();
      PreparedStatement restart =
          tx.prepare(
              "update runs set status = "
                  + TAKE_BACK.toSql()
                  + ", recoveries = recoveries + 1 where "
                  + dialect.memberOf("id")
                  + " and status in "
                  + TAKE_BACK.fromSql());
      dialect.bindNames(tx, restart, 1, resumed);
      restart.executeUpdate();
    }
    return new SweepReport(
        resumed.size() - quarantined, failed + quarantined, decisions.size() - taken.size());
  }

  /**
   * Gives back runs an engine held and no longer executes, not counted as a crash: their
   * interrupted entries go back to {@code pending}, the runs as {@code TAKE_BACK} says, under a new
   * epoch. When the store failed them ({@code storeFailed}), the attempt each entry was in is not
   * counted either: the store refused its outcome, so without this a full disk would spend a step's
   * attempts and fail the run.
   */
  static int release(Tx tx, java.util.Map<String, Long> held, long now, boolean storeFailed)
      throws SQLException {
    if (held.isEmpty()) {
      return 0;
    }
    String heldUnder =
        "select 1 from runs where id = ? and epoch = ? and status in " + TAKE_BACK.fromSql();
    PreparedStatement reset =
        tx.prepare(
            "update steps set status = 'pending'"
                + (storeFailed
                    ? ", attempts = case when attempts > 0 then attempts - 1 else 0 end"
                    : "")
                + " where run_id = ? and status = 'executing' and exists ("
                + heldUnder
                + ")");
    PreparedStatement release =
        tx.prepare(
            "update runs set status = "
                + TAKE_BACK.toSql()
                + ", owner = null, epoch = epoch + 1, lease_until = null, updated_at = ?"
                + " where id = ? and epoch = ? and status in "
                + TAKE_BACK.fromSql());
    int released = 0;
    for (var run : held.entrySet()) {
      reset.setString(1, run.getKey());
      reset.setString(2, run.getKey());
      reset.setLong(3, run.getValue());
      reset.executeUpdate();
      release.setLong(1, now);
      release.setString(2, run.getKey());
      release.setLong(3, run.getValue());
      released += release.executeUpdate();
    }
    return released;
  }

  /** The interrupted at-most-once step fails; the run unwinds when it is next claimed. */
  private static int unwind(Tx tx, Interrupted step, long now) throws SQLException {
    String reason =
        "step '"
            + step.name()
            + "' (seq "
            + step.seq()
            + ") is at-most-once and was interrupted"
            + " by a crash; it is not run again";
    PreparedStatement ps =
        tx.prepare(
            "update steps set status = 'failed', error_type = 'interrupted', error_message = ?,"
                + " ended_at = ? where run_id = ? and seq = ?");
    ps.setString(1, "interrupted by a crash; at-most-once, not run again");
    ps.setLong(2, now);
    ps.setString(3, step.runId());
    ps.setInt(4, step.seq());
    ps.executeUpdate();
    PreparedStatement run =
        tx.prepare(
            "update runs set status = "
                + UNWIND_INTERRUPTED.toSql()
                + ", error_type = coalesce(error_type, ?),"
                + " error_message = coalesce(error_message, ?), failure_reason = "
                + Sql.APPEND_REASON
                + ", updated_at = ? where id = ? and status in "
                + UNWIND_INTERRUPTED.fromSql());
    run.setString(1, "interrupted_at_most_once");
    run.setString(2, reason);
    int i = Sql.bindReason(run, 3, ReasonLine.of(now, reason));
    run.setLong(i, now);
    run.setString(i + 1, step.runId());
    return run.executeUpdate();
  }

  private static List<Interrupted> interruptedAtMostOnce(Tx tx, String namespace, String owner)
      throws SQLException {
    PreparedStatement ps =
        tx.prepare(
            "select s.run_id, s.seq, s.name from runs r join steps s on s.run_id = r.id"
                + " where r.namespace = ? and r.status in "
                + UNWIND_INTERRUPTED.fromSql()
                + " and s.status = 'executing'"
                + " and s.at_most_once = 1 and (? is null or r.owner = ?)");
    ps.setString(1, namespace);
    ps.setString(2, owner);
    ps.setString(3, owner);
    return interrupted(ps);
  }

  private static List<Interrupted> interrupted(PreparedStatement ps) throws SQLException {
    List<Interrupted> found = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        found.add(new Interrupted(rs.getString("run_id"), rs.getInt("seq"), rs.getString("name")));
      }
    }
    return found;
  }

  private static int fail(Tx tx, String runId, RunFailure failure, long now) throws SQLException {
    PreparedStatement ps =
        tx.prepare(
            "update runs set status = "
                + FAIL_UNRECOVERABLE.toSql()
                + ", error_type = ?, error_message = ?, failure_reason = "
                + Sql.APPEND_REASON
                + ", owner = null, lease_until = null, ended_at = ?, updated_at = ?"
                + " where id = ? and status in "
                + FAIL_UNRECOVERABLE.fromSql());
    ps.setString(1, failure.type());
    ps.setString(2, failure.reason());
    int i = Sql.bindReason(ps, 3, ReasonLine.of(now, failure.type() + ": " + failure.reason()));
    ps.setLong(i, now);
    ps.setLong(i + 1, now);
    ps.setString(i + 2, runId);
    int n = ps.executeUpdate();
    if (n == 1) {
      ParentWakes.wakeParentOf(tx, runId, now);
      String cascade = "parent run " + runId + " failed: " + failure.type();
      Cascades.cancelDescendants(tx, runId, cascade, ReasonLine.of(now, cascade), now);
    }
    return n;
  }
}
