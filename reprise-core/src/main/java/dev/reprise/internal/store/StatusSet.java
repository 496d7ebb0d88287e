package dev.reprise.internal.store;

import dev.reprise.RunStatus;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** The named sets of run statuses that statements select by, each with its SQL list. */
public enum StatusSet {
  /** A process holds the run (its lease runs): it executes or unwinds. */
  HELD(EnumSet.of(RunStatus.RUNNING, RunStatus.COMPENSATING)),
  /** The run has ended; only an operator moves it on. */
  TERMINAL(
      EnumSet.copyOf(
          java.util.Arrays.stream(RunStatus.values()).filter(RunStatus::isTerminal).toList())),
  /**
   * Ended and needing nobody: what vacuum may delete (a failed compensation waits for a person).
   */
  VACUUMABLE(EnumSet.of(RunStatus.COMPLETED, RunStatus.FAILED, RunStatus.CANCELLED)),
  /** Not ended: a run in one of these that holds its concurrency key counts against its limit. */
  LIVE(EnumSet.of(RunStatus.PENDING, RunStatus.RUNNING, RunStatus.WAITING, RunStatus.COMPENSATING)),
  /** Not ended, or waiting for an operator: what {@code unresolved()} lists. */
  UNRESOLVED(
      EnumSet.of(
          RunStatus.PENDING,
          RunStatus.RUNNING,
          RunStatus.WAITING,
          RunStatus.COMPENSATING,
          RunStatus.FAILED_COMPENSATION));

  private final Set<RunStatus> statuses;
  private final String sql;

  StatusSet(Set<RunStatus> statuses) {
    this.statuses = EnumSet.copyOf(statuses);
    this.sql = sql(statuses);
  }

  /** The statuses of the set. */
  public Set<RunStatus> statuses() {
    return EnumSet.copyOf(statuses);
  }

  public boolean contains(RunStatus status) {
    return statuses.contains(status);
  }

  /** {@code ('running', 'compensating')}. */
  public String sql() {
    return sql;
  }

  /** {@code ('completed', 'failed')}: any statuses as an SQL list. */
  public static String sql(Collection<RunStatus> statuses) {
    return statuses.stream()
        .sorted()
        .map(s -> "'" + s.label() + "'")
        .collect(Collectors.joining(", ", "(", ")"));
  }
}
