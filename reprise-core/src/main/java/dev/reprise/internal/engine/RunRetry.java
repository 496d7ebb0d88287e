package dev.reprise.internal.engine;

import dev.reprise.RepriseClient;
import dev.reprise.RunHandle;
import dev.reprise.RunInfo;
import dev.reprise.RunOptions;
import dev.reprise.RunStateException;
import dev.reprise.RunStatus;

/**
 * Retrying a failed run starts a new run rather than rewinding the old one: the failed run's
 * journal (and any compensations it ran) stays as the record of what happened, and the idempotency
 * key ties the new run to it, so a retry asked twice starts one run.
 */
final class RunRetry {
  static final String KEY_PREFIX = "retry:";

  private RunRetry() {}

  static RunHandle<Object> retry(RepriseClient client, String runId) {
    RunInfo run = client.run(runId);
    if (run.status() != RunStatus.FAILED) {
      throw new RunStateException(runId, run.status(), "retry", "only failed runs can be");
    }
    return client.submitJson(
        run.workflow(), run.input(), RunOptions.idempotencyKey(KEY_PREFIX + runId));
  }
}
