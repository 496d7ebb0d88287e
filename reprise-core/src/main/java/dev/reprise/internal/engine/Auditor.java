package dev.reprise.internal.engine;

import dev.reprise.AuditEntry;
import dev.reprise.Ids;
import dev.reprise.OperatorAction;
import dev.reprise.internal.store.AuditLog;

/**
 * Records the operator actions a client does, as done by its actor (the one {@code as(..)} named,
 * else the operating-system user), for the action's own reason or the client's.
 */
final class Auditor {
  private final AuditLog log;
  private final EngineClock clock;
  private final String actor;
  private final String reason;

  private Auditor(AuditLog log, EngineClock clock, String actor, String reason) {
    this.log = log;
    this.clock = clock;
    this.actor = actor;
    this.reason = reason;
  }

  /** An auditor for the process's own user. */
  static Auditor ofProcess(AuditLog log, EngineClock clock) {
    String user;
    try {
      user = Ids.requireActor("actor", System.getProperty("user.name"));
    } catch (RuntimeException e) {
      user = "unknown";
    }
    return new Auditor(log, clock, user, null);
  }

  /** The same log, for another actor and reason. */
  Auditor as(String actor, String reason) {
    return new Auditor(log, clock, actor, reason);
  }

  String actor() {
    return actor;
  }

  /** Records an action that was done, by this auditor's actor. */
  void record(OperatorAction action, String target, String ownReason, String detail) {
    recordFor(action, target, actor, ownReason, detail);
  }

  /** Records an action done by {@code who} (an approval names its own actor). */
  void recordFor(
      OperatorAction action, String target, String who, String ownReason, String detail) {
    log.record(
        new AuditEntry(
            action,
            action.onSchedule() ? null : target,
            action.onSchedule() ? target : null,
            who,
            ownReason != null ? ownReason : reason,
            detail,
            clock.now()));
  }
}
