package dev.reprise.internal.store.jdbc;

import static dev.reprise.internal.store.RunTransition.CANCEL_PENDING;
import static dev.reprise.internal.store.RunTransition.REQUEST_CANCEL;

import dev.reprise.RunStatus;
import dev.reprise.internal.store.RunFailure;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A run's cancellation (or failure) reaches its descendants, in the same transaction: every child,
 * grandchild and so on that was not started detached, is cancelled at once if it never started and
 * asked to stop otherwise (it unwinds its own steps). Below a detached child nothing is reached.
 */
final class Cascades {
  /**
   * The condition that a pending run never started: no journal entry. One with entries (given back
   * pending at a close, by recovery or a takeover) is asked to stop instead, so that it undoes its
   * completed steps.
   */
  static final String NO_JOURNAL = " and not exists (select 1 from steps where run_id = runs.id)";

  private Cascades() {}

  private static final String DESCENDANTS =
      "with recursive tree(id) as ("
          + " select id from runs where parent_id = ? and detached = 0"
          + " union all"
          + " select r.id from runs r join tree t on r.parent_id = t.id where r.detached = 0) ";

  private static final String CANCEL_PENDING_SQL =
      DESCENDANTS
          + "update runs set status = "
          + CANCEL_PENDING.toSql()
          + ", error_type = "
          + RunFailure.CANCELLED_SQL
          + ", error_message = ?, cancel_reason = ?, failure_reason = "
          + Sql.APPEND_REASON
          + ", ended_at = ?, updated_at = ? where id in (select id from tree) and status in "
          + CANCEL_PENDING.fromSql()
          + Cascades.NO_JOURNAL;

  private static final String REQUEST_CANCEL_SQL =
      DESCENDANTS
          + "update runs set cancel_reason = coalesce(cancel_reason, ?),"
          + " wake_at = case when status = '"
          + RunStatus.WAITING.label()
          + "' then ? else wake_at end, updated_at = ? where id in (select id from tree)"
          + " and status in "
          + REQUEST_CANCEL.fromSql();

  /** Cancels the descendants of {@code runId} for {@code reason}; returns how many it reached. */
  static int cancelDescendants(Tx tx, String runId, String reason, String reasonLine, long now)
      throws SQLException {
    PreparedStatement pending = tx.prepare(CANCEL_PENDING_SQL);
    pending.setString(1, runId);
    pending.setString(2, reason);
    pending.setString(3, reason);
    int i = Sql.bindReason(pending, 4, reasonLine);
    pending.setLong(i, now);
    pending.setLong(i + 1, now);
    int reached = pending.executeUpdate();
    PreparedStatement started = tx.prepare(REQUEST_CANCEL_SQL);
    started.setString(1, runId);
    started.setString(2, reason);
    started.setLong(3, now);
    started.setLong(4, now);
    return reached + started.executeUpdate();
  }
}
