package dev.reprise.test.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

/**
 * Counts the distinct states a store's journal goes through, commit by commit: what each run's
 * status and wait are, each entry's status and attempts, and which signals wait to be taken. A
 * commit that changes none of these (a lease renewed, a heartbeat) is no new state, so the count
 * follows the run and not the engine's housekeeping.
 */
final class JournalStates {
  private static final String STATE =
      "select coalesce(group_concat(x, '|'), '') from ("
          + "select 'r ' || id || ' ' || status || ' ' || coalesce(wait_kind, '') || ' '"
          + " || coalesce(wait_on, '') as x from runs"
          + " union all select 's ' || run_id || ' ' || seq || ' ' || kind || ' ' || status"
          + " || ' ' || attempts from steps"
          + " union all select 'g ' || run_id || ' ' || seq from signals"
          + " order by x)";

  private String last = "";
  private long count;

  /** Reads the journal after a commit; whether it is a new state. */
  boolean committed(Connection connection) {
    String state;
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(STATE)) {
      rs.next();
      state = rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the journal's state after a commit", e);
    }
    if (Objects.equals(state, last)) {
      return false;
    }
    last = state;
    count++;
    return true;
  }

  /** How many distinct states so far. */
  long count() {
    return count;
  }
}
