package dev.reprise.daemon.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.RunInfo;
import dev.reprise.StepInfo;
import dev.reprise.daemon.server.ApiViews;
import java.util.List;

/**
 * A run as {@code reprise diag} shows it, in text or as JSON (snake_case names): labels in lower
 * case, times in ISO-8601, every journal entry.
 *
 * @param status the run's status label, e.g. {@code failed_compensation}
 * @param failureReason what went wrong, one line per event with its time, or null
 * @param compensated whether every completed step's compensation ran
 * @param resolution the note of an operator who resolved the run, or null
 * @param waitingFor what a waiting run waits for, as the HTTP API shows it ({@code kind}, and for a
 *     run that waits for an operator its {@code cause} and {@code reason}); JSON null otherwise
 */
record RunView(
    String id,
    String workflow,
    String status,
    String failureReason,
    boolean compensated,
    String resolution,
    String errorType,
    String errorMessage,
    int recoveries,
    String createdAt,
    String startedAt,
    String endedAt,
    JsonNode waitingFor,
    List<StepView> steps) {

  static RunView of(RunInfo run, List<StepInfo> steps) {
    return new RunView(
        run.id(),
        run.workflow(),
        run.status().label(),
        run.failureReason(),
        run.compensated(),
        run.resolution(),
        run.errorType(),
        run.errorMessage(),
        run.recoveries(),
        StepView.time(run.createdAt()),
        StepView.time(run.startedAt()),
        StepView.time(run.endedAt()),
        ApiViews.waitingFor(run.waitingFor()),
        steps.stream().map(StepView::of).toList());
  }

  /** The cause of the wait of a run that waits for an operator, or null for any other run. */
  String blockedBy() {
    return waitingFor != null && waitingFor.path("kind").asText().equals("operator")
        ? waitingFor.path("cause").asText()
        : null;
  }
}
