package dev.reprise;

/**
 * Chooses the recovery policy of an interrupted run, overriding the workflow's own and the stored
 * definitions. Return null to leave the choice to them.
 */
@FunctionalInterface
public interface RecoveryResolver {
  RecoveryPolicy resolve(String workflow, String runId, int recoveries);
}
