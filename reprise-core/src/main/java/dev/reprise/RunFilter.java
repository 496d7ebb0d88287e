package dev.reprise;

import java.util.Set;

/**
 * Which runs {@link RepriseClient#runs} lists, newest first.
 *
 * @param statuses only runs in one of these statuses; empty for all
 * @param workflow only runs of this workflow, or null for all
 * @param limit at most this many runs, 1 to 10,000
 */
public record RunFilter(Set<RunStatus> statuses, String workflow, int limit) {

  public RunFilter {
    statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
    if (limit < 1 || limit > 10_000) {
      throw new InvalidConfigurationException("limit", "must be between 1 and 10000, was " + limit);
    }
  }

  public static RunFilter all() {
    return new RunFilter(Set.of(), null, 100);
  }

  public RunFilter withStatus(RunStatus... statuses) {
    return new RunFilter(Set.of(statuses), workflow, limit);
  }

  public RunFilter withWorkflow(String workflow) {
    return new RunFilter(statuses, workflow, limit);
  }

  public RunFilter withLimit(int limit) {
    return new RunFilter(statuses, workflow, limit);
  }
}
