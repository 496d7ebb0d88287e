package dev.reprise;

import java.time.Instant;
import java.util.List;

/**
 * A run as stored, with its journal.
 *
 * @param input the input as JSON
 * @param output the output as JSON, or null until completed
 * @param errorType the failure's type (an exception class, or a reason such as {@code
 *     quarantined}), or null
 * @param recoveries how many times recovery took the run back after its process died
 */
public record RunInfo(
    String id,
    String workflow,
    RunStatus status,
    String input,
    String output,
    String errorType,
    String errorMessage,
    String idempotencyKey,
    int recoveries,
    Instant createdAt,
    Instant startedAt,
    Instant endedAt,
    List<StepInfo> steps) {

  public RunInfo {
    steps = steps == null ? List.of() : List.copyOf(steps);
  }
}
