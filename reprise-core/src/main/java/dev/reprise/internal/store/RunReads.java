package dev.reprise.internal.store;

import dev.reprise.RunFilter;
import dev.reprise.RunInfo;
import dev.reprise.RunStatus;
import dev.reprise.StepInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs and their journals as clients and operators read them; works on a read-only store. */
public interface RunReads {

  Optional<RunInfo> run(String runId, boolean withSteps);

  /** Runs matching the filter, newest first, without steps. */
  List<RunInfo> runs(RunFilter filter);

  /** The journal of a run, by seq. */
  List<StepInfo> steps(String runId);

  /** Runs not ended, and runs in {@code failed_compensation}, oldest first, with their steps. */
  List<RunInfo> unresolved();

  /** The most recent runs first, by when they ended, started or were created, with steps. */
  List<RunInfo> recent(int limit);

  /** How many runs the scope holds in each status; statuses with none are left out. */
  Map<RunStatus, Long> countByStatus();
}
