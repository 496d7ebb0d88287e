package dev.reprise.internal.engine;

import dev.reprise.ReconcileReport;
import dev.reprise.RecoveryReport;
import dev.reprise.Wait;
import dev.reprise.internal.store.Recovery;
import dev.reprise.internal.store.RunFailure;
import dev.reprise.internal.store.RunHead;
import dev.reprise.internal.store.Store;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes back the runs a dead process left {@code running}: their interrupted steps go back to
 * {@code pending} (the attempt counted) and the runs to {@code pending}, to be replayed, unless the
 * {@link Recoverer} fails them. A run that cannot be read (unknown workflow, corrupt input) is
 * quarantined with a reason; a run interrupted inside an at-most-once step fails naming the step.
 * Neither stops the others from recovering. On a store one process executes, every such run is
 * taken back; on a shared one, only those of this node's previous incarnation ({@code owner}).
 */
final class BootRecovery {
  private static final Logger log = LoggerFactory.getLogger(BootRecovery.class);

  private BootRecovery() {}

  static RecoveryReport run(EngineConfig config, Recoverer recoverer, String owner) {
    Store store = config.store();
    EngineClock clock = config.clock();
    long started = System.nanoTime();
    Map<String, RunFailure> failures = new LinkedHashMap<>();
    for (RunHead head : store.queue().interrupted(owner)) {
      RunFailure failure = recoverer.decide(head);
      if (failure != null) {
        failures.put(head.id(), failure);
        log.atWarn()
            .setMessage(
                RunFailure.QUARANTINED.equals(failure.type())
                    ? "run_quarantined"
                    : "run_not_resumed")
            .addKeyValue(
                "event",
                RunFailure.QUARANTINED.equals(failure.type())
                    ? "run_quarantined"
                    : "run_not_resumed")
            .addKeyValue("run_id", head.id())
            .addKeyValue("reason", failure.reason())
            .log();
      }
    }
    long now = clock.now().toEpochMilli();
    RecoveryReport report =
        store.queue().recover(new Recovery(failures, now, owner, true, config.crashLoopLimit()));
    // a deploy may have fixed the code that stopped these runs at a replay mismatch
    int retried = store.queue().wakeBlocked(Wait.Operator.NONDETERMINISM, now);
    ReconcileReport reconciled = store.queue().reconcileChildren(clock.now().toEpochMilli());
    log.atInfo()
        .setMessage("reconcile")
        .addKeyValue("event", "reconcile")
        .addKeyValue("replayed", reconciled.replayed())
        .addKeyValue("skipped", reconciled.skipped())
        .log();
    log.atInfo()
        .setMessage("recovery")
        .addKeyValue("event", "recovery")
        .addKeyValue("owner", owner == null ? "any" : owner)
        .addKeyValue("steps_reset", report.stepsReset())
        .addKeyValue("runs_restarted", report.runsRestarted())
        .addKeyValue("runs_failed", report.runsFailed())
        .addKeyValue("runs_quarantined", report.runsQuarantined())
        .addKeyValue("blocked_runs_retried", retried)
        .addKeyValue("millis", (System.nanoTime() - started) / 1_000_000)
        .log();
    return report;
  }
}
