package dev.reprise.internal.engine;

import dev.reprise.RecoveryPolicy;
import dev.reprise.RecoveryResolver;
import dev.reprise.Workflow;
import dev.reprise.internal.json.Json;
import dev.reprise.internal.store.Leases;
import dev.reprise.internal.store.RunFailure;
import dev.reprise.internal.store.RunHead;

/**
 * Decides what becomes of an interrupted run: resumed (null) or failed with a reason. The policy
 * comes from the user's resolver, else the workflow registered here, else the definitions another
 * node stored, else {@code fail}. A run that cannot be read is quarantined, and one recovered too
 * often (a poison run that takes its process down each time) fails instead of looping.
 */
final class Recoverer {
  private final WorkflowRegistry registry;
  private final Leases leases;
  private final RecoveryResolver resolver;
  private final int maxRecoveries;

  Recoverer(
      WorkflowRegistry registry, Leases leases, RecoveryResolver resolver, int maxRecoveries) {
    this.registry = registry;
    this.leases = leases;
    this.resolver = resolver;
    this.maxRecoveries = maxRecoveries;
  }

  RunFailure decide(RunHead run) {
    if (!Json.isWellFormed(run.inputJson())) {
      return RunFailure.quarantined("the stored input is not valid JSON");
    }
    if (run.recoveries() >= maxRecoveries) {
      return new RunFailure(
          RunFailure.TOO_MANY_RECOVERIES,
          "recovered "
              + run.recoveries()
              + " times already (the limit is "
              + maxRecoveries
              + "); it is failed instead of resumed again");
    }
    RecoveryPolicy policy =
        resolver == null ? null : resolver.resolve(run.workflow(), run.id(), run.recoveries());
    String source = "the recovery resolver";
    Workflow<?, ?> workflow = registry.find(run.workflow());
    if (policy == null && workflow != null) {
      policy = workflow.recoveryPolicy();
      source = "workflow '" + run.workflow() + "'";
    }
    if (policy == null) {
      policy =
          leases
              .definedPolicy(run.scope(), run.workflow())
              .map(RecoveryPolicy::fromLabel)
              .orElse(null);
      source = "the stored definition of workflow '" + run.workflow() + "'";
    }
    if (policy == null) {
      return RunFailure.quarantined(
          "unknown workflow '"
              + run.workflow()
              + "': not registered here and no node declared its recovery policy");
    }
    if (policy == RecoveryPolicy.FAIL) {
      return new RunFailure(
          RunFailure.RECOVERY_POLICY,
          "interrupted, and the recovery policy of " + source + " is fail");
    }
    return null;
  }
}
