package dev.reprise.internal.engine;

import dev.reprise.Clock;
import dev.reprise.RecoveryReport;
import dev.reprise.internal.json.Json;
import dev.reprise.internal.store.Recovery;
import dev.reprise.internal.store.RunHead;
import dev.reprise.internal.store.Store;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes back the runs a dead process left {@code running}: their interrupted steps go back to
 * {@code pending} (the attempt counted) and the runs to {@code pending}, to be replayed. A run that
 * cannot be read (unknown workflow, corrupt input) is quarantined with a reason; a run interrupted
 * inside an at-most-once step fails naming the step. Neither stops the others from recovering.
 */
final class BootRecovery {
  private static final Logger log = LoggerFactory.getLogger(BootRecovery.class);

  private BootRecovery() {}

  static RecoveryReport run(Store store, WorkflowRegistry registry, Clock clock) {
    long started = System.nanoTime();
    Map<String, String> quarantine = new LinkedHashMap<>();
    for (RunHead head : store.interruptedRuns()) {
      if (registry.find(head.workflow()) == null) {
        quarantine.put(head.id(), "unknown workflow '" + head.workflow() + "'");
      } else if (!Json.isWellFormed(head.inputJson())) {
        quarantine.put(head.id(), "the stored input is not valid JSON");
      }
    }
    quarantine.forEach(
        (id, reason) ->
            log.atWarn()
                .setMessage("run_quarantined")
                .addKeyValue("event", "run_quarantined")
                .addKeyValue("run_id", id)
                .addKeyValue("reason", reason)
                .log());
    RecoveryReport report = store.recover(new Recovery(quarantine, clock.now().toEpochMilli()));
    int[] reconciled = store.reconcileChildren(clock.now().toEpochMilli());
    log.atInfo()
        .setMessage("reconcile")
        .addKeyValue("event", "reconcile")
        .addKeyValue("replayed", reconciled[0])
        .addKeyValue("skipped", reconciled[1])
        .log();
    log.atInfo()
        .setMessage("recovery")
        .addKeyValue("event", "recovery")
        .addKeyValue("steps_reset", report.stepsReset())
        .addKeyValue("runs_restarted", report.runsRestarted())
        .addKeyValue("runs_failed", report.runsFailed())
        .addKeyValue("runs_quarantined", report.runsQuarantined())
        .addKeyValue("millis", (System.nanoTime() - started) / 1_000_000)
        .log();
    return report;
  }
}
