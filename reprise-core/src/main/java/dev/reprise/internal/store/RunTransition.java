package dev.reprise.internal.store;

import static dev.reprise.RunStatus.CANCELLED;
import static dev.reprise.RunStatus.COMPENSATING;
import static dev.reprise.RunStatus.COMPLETED;
import static dev.reprise.RunStatus.FAILED;
import static dev.reprise.RunStatus.FAILED_COMPENSATION;
import static dev.reprise.RunStatus.PENDING;
import static dev.reprise.RunStatus.RUNNING;
import static dev.reprise.RunStatus.WAITING;

import dev.reprise.RunStatus;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every way a run's status may change, written down once: for each operation, the statuses it may
 * start from and the one each leads to. The store's statements take their {@code status in (...)}
 * conditions and their new status from here ({@link #fromSql()}, {@link #toSql()}), so that no
 * statement can move a run where this table does not allow.
 */
public enum RunTransition {
  /**
   * A dispatcher takes a run to execute: pending, a waiting run that is due, or an unwinding one.
   */
  CLAIM(
      Map.of(
          PENDING, Set.of(RUNNING), WAITING, Set.of(RUNNING), COMPENSATING, Set.of(COMPENSATING))),
  /** The run waits durably (a sleep, a signal, a child) and holds no thread. */
  PARK(Map.of(RUNNING, Set.of(WAITING))),
  /** The run failed with compensations to run: it unwinds. */
  BEGIN_UNWINDING(Map.of(RUNNING, Set.of(COMPENSATING))),
  /** Its executor records the run's outcome. */
  END(
      Map.of(
          RUNNING, Set.of(COMPLETED, FAILED, CANCELLED),
          COMPENSATING, Set.of(FAILED, CANCELLED, FAILED_COMPENSATION))),
  /**
   * Recovery (at boot, in a lease sweep) or a node's release at shutdown takes a run back: it is
   * replayed from the start, or goes on unwinding.
   */
  TAKE_BACK(Map.of(RUNNING, Set.of(PENDING), COMPENSATING, Set.of(COMPENSATING))),
  /** A run interrupted inside an at-most-once step unwinds instead of running it again. */
  UNWIND_INTERRUPTED(Map.of(RUNNING, Set.of(COMPENSATING))),
  /** Recovery fails a run it must not resume (policy, too many recoveries, unreadable). */
  FAIL_UNRECOVERABLE(Map.of(RUNNING, Set.of(FAILED), COMPENSATING, Set.of(FAILED))),
  /**
   * Recovery finds a run whose recoveries keep ending its process (a crash loop): a run waits for
   * an operator; an unwinding one ends with its compensation not finished.
   */
  QUARANTINE(Map.of(RUNNING, Set.of(WAITING), COMPENSATING, Set.of(FAILED_COMPENSATION))),
  /**
   * An operator resumes a run in place (same id, same step keys): one waiting for an operator is
   * made due; one that failed without undoing its steps goes back to pending.
   */
  RESUME(Map.of(WAITING, Set.of(WAITING), FAILED, Set.of(PENDING))),
  /** An operator cancels a run that never started: a pending run with no journal entry. */
  CANCEL_PENDING(Map.of(PENDING, Set.of(CANCELLED))),
  /**
   * An operator asks a started run to stop; it unwinds at its next step. A pending run that has
   * journal entries (given back at a close, by recovery, by a takeover) has started: it is asked
   * too, and undoes its completed steps when it is taken up again.
   */
  REQUEST_CANCEL(
      Map.of(RUNNING, Set.of(RUNNING), WAITING, Set.of(WAITING), PENDING, Set.of(PENDING))),
  /** An operator marks a run whose compensation cannot finish. */
  MARK_FAILED_COMPENSATION(
      Map.of(
          COMPENSATING, Set.of(FAILED_COMPENSATION),
          FAILED, Set.of(FAILED_COMPENSATION),
          FAILED_COMPENSATION, Set.of(FAILED_COMPENSATION))),
  /** An operator has the failed compensations run again. */
  RETRY_COMPENSATION(Map.of(FAILED_COMPENSATION, Set.of(COMPENSATING))),
  /** An operator settles a run whose compensation failed, by hand. */
  RESOLVE(Map.of(FAILED_COMPENSATION, Set.of(FAILED))),
  /** A signal is kept for a run that has not ended (its status does not change). */
  SIGNAL(
      Map.of(
          PENDING, Set.of(PENDING),
          RUNNING, Set.of(RUNNING),
          WAITING, Set.of(WAITING),
          COMPENSATING, Set.of(COMPENSATING)));

  private final Map<RunStatus, Set<RunStatus>> moves;

  RunTransition(Map<RunStatus, Set<RunStatus>> moves) {
    this.moves = new EnumMap<>(moves);
  }

  /** The statuses this operation starts from. */
  public Set<RunStatus> from() {
    return EnumSet.copyOf(moves.keySet());
  }

  /** Where this operation may take a run of status {@code from}; empty when it may not start. */
  public Set<RunStatus> targets(RunStatus from) {
    return moves.getOrDefault(from, Set.of());
  }

  public boolean allows(RunStatus from, RunStatus to) {
    return targets(from).contains(to);
  }

  /** {@code ('running', 'compensating')}: the statuses this operation starts from, for SQL. */
  public String fromSql() {
    return StatusSet.sql(from());
  }

  /** The statuses from which this operation may lead to {@code to}, for SQL. */
  public String fromSql(RunStatus to) {
    Set<RunStatus> sources = EnumSet.noneOf(RunStatus.class);
    moves.forEach(
        (from, targets) -> {
          if (targets.contains(to)) {
            sources.add(from);
          }
        });
    if (sources.isEmpty()) {
      throw new IllegalArgumentException(this + " never leads to " + to.label());
    }
    return StatusSet.sql(sources);
  }

  /**
   * The new status as an SQL expression over the {@code status} column: a literal when every start
   * leads to one status, a {@code case} when each start has its own.
   *
   * @throws IllegalStateException for an operation whose target the caller chooses ({@link #END})
   */
  public String toSql() {
    if (moves.values().stream().anyMatch(t -> t.size() != 1)) {
      throw new IllegalStateException(this + " has several targets: bind the one chosen");
    }
    Set<RunStatus> to =
        moves.values().stream().map(t -> t.iterator().next()).collect(Collectors.toSet());
    if (to.size() == 1) {
      return "'" + to.iterator().next().label() + "'";
    }
    StringBuilder sql = new StringBuilder("case status");
    moves.forEach(
        (from, targets) ->
            sql.append(" when '")
                .append(from.label())
                .append("' then '")
                .append(targets.iterator().next().label())
                .append("'"));
    return sql.append(" end").toString();
  }

  /** Every operation that may take a run from {@code from} to {@code to}. */
  public static Set<RunTransition> between(RunStatus from, RunStatus to) {
    return Arrays.stream(values())
        .filter(t -> t.allows(from, to))
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(RunTransition.class)));
  }
}
