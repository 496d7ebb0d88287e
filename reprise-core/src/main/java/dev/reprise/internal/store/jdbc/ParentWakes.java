package dev.reprise.internal.store.jdbc;

import dev.reprise.RunStatus;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A child's end makes its parent due at once, if the parent is parked waiting for that child; in
 * the transaction that ends the child, so the wake-up cannot be lost.
 */
final class ParentWakes {
  private ParentWakes() {}

  private static final String WAKE_KNOWN_PARENT =
      "update runs set wake_at = ? where id = ? and status = '"
          + RunStatus.WAITING.label()
          + "' and wait_kind = '"
          + WaitColumns.CHILD
          + "' and wait_on = ?";

  private static final String WAKE_PARENT_OF =
      "update runs set wake_at = ? where id = (select parent_id from runs where id = ?)"
          + " and status = '"
          + RunStatus.WAITING.label()
          + "' and wait_kind = '"
          + WaitColumns.CHILD
          + "' and wait_on = ?";

  /** Wakes {@code parentId} if it waits for {@code childId}. */
  static void wake(Tx tx, String parentId, String childId, long now) throws SQLException {
    PreparedStatement ps = tx.prepare(WAKE_KNOWN_PARENT);
    ps.setLong(1, now);
    ps.setString(2, parentId);
    ps.setString(3, childId);
    ps.executeUpdate();
  }

  /** Wakes the parent of {@code childId}, if it has one that waits for it. */
  static void wakeParentOf(Tx tx, String childId, long now) throws SQLException {
    PreparedStatement ps = tx.prepare(WAKE_PARENT_OF);
    ps.setLong(1, now);
    ps.setString(2, childId);
    ps.setString(3, childId);
    ps.executeUpdate();
  }
}
