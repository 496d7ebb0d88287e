package dev.reprise.internal.store.jdbc;

import dev.reprise.Wait;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * A {@link Wait} in the typed columns of {@code runs}: {@code wait_kind} (sleep, signal, child),
 * {@code wait_on} (the signal's name, the child's id) and {@code wait_until} (epoch millis), beside
 * {@code wait_reason}, the same wait in words for people.
 */
record WaitColumns(String kind, String on, Long until) {
  static final String SLEEP = "sleep";
  static final String SIGNAL = "signal";
  static final String CHILD = "child";
  static final String OPERATOR = "operator";

  static WaitColumns of(Wait wait) {
    return switch (wait) {
      case Wait.Sleep s -> new WaitColumns(SLEEP, null, s.until().toEpochMilli());
      case Wait.Signal s -> new WaitColumns(SIGNAL, s.name(), s.deadline().toEpochMilli());
      case Wait.Child c -> new WaitColumns(CHILD, c.runId(), null);
      case Wait.Operator o -> new WaitColumns(OPERATOR, o.cause(), null);
    };
  }

  /** The wait of a row read with the wait columns; null when the run does not wait. */
  static Wait read(ResultSet rs) throws SQLException {
    String kind = rs.getString("wait_kind");
    if (kind == null || !"waiting".equals(rs.getString("status"))) {
      return null;
    }
    String on = rs.getString("wait_on");
    Instant until = Sql.instant(rs, "wait_until");
    return switch (kind) {
      case SLEEP -> new Wait.Sleep(until);
      case SIGNAL -> new Wait.Signal(on, until);
      case CHILD -> new Wait.Child(on);
      case OPERATOR -> new Wait.Operator(on, rs.getString("wait_reason"));
      default -> null; // a kind of a newer version: the run waits, for what this one cannot say
    };
  }
}
