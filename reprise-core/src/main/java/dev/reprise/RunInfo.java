package dev.reprise;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A run as stored, with its journal.
 *
 * @param input the input as JSON
 * @param output the output as JSON, or null until completed
 * @param errorType the type of the failure that ended the run or started its unwinding (an
 *     exception class, or a reason such as {@code quarantined}); never overwritten once set
 * @param failureReason what went wrong, for an operator: one line per event, each with its time
 *     (the step that failed, a compensation that failed, a marking, a resolution); lines are only
 *     ever appended, or null
 * @param compensated whether the run unwound: every completed step's compensation ran
 * @param resolution the note of an operator who resolved the run, or null
 * @param recoveries how many times recovery took the run back after its process died
 * @param waitingFor what a {@code waiting} run waits for, or null for a run in another status
 * @param tags the run's tags by name ({@link RunContext#tag}, {@link RunOptions#withTag})
 * @param concurrencyKey the key the run holds while it is live, or waits for while it is {@code
 *     pending}, or null ({@link RunOptions#withConcurrencyKey})
 */
public record RunInfo(
    String id,
    String workflow,
    RunStatus status,
    String input,
    String output,
    String errorType,
    String errorMessage,
    String failureReason,
    boolean compensated,
    String resolution,
    String idempotencyKey,
    int recoveries,
    Instant createdAt,
    Instant startedAt,
    Instant endedAt,
    Wait waitingFor,
    List<StepInfo> steps,
    Map<String, String> tags,
    ConcurrencyKey concurrencyKey) {

  public RunInfo {
    steps = steps == null ? List.of() : List.copyOf(steps);
    tags =
        tags == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(tags));
  }

  /** A run without tags. */
  public RunInfo(
      String id,
      String workflow,
      RunStatus status,
      String input,
      String output,
      String errorType,
      String errorMessage,
      String failureReason,
      boolean compensated,
      String resolution,
      String idempotencyKey,
      int recoveries,
      Instant createdAt,
      Instant startedAt,
      Instant endedAt,
      Wait waitingFor,
      List<StepInfo> steps) {
    this(
        id,
        workflow,
        status,
        input,
        output,
        errorType,
        errorMessage,
        failureReason,
        compensated,
        resolution,
        idempotencyKey,
        recoveries,
        createdAt,
        startedAt,
        endedAt,
        waitingFor,
        steps,
        Map.of(),
        null);
  }

  /** A run without a concurrency key. */
  public RunInfo(
      String id,
      String workflow,
      RunStatus status,
      String input,
      String output,
      String errorType,
      String errorMessage,
      String failureReason,
      boolean compensated,
      String resolution,
      String idempotencyKey,
      int recoveries,
      Instant createdAt,
      Instant startedAt,
      Instant endedAt,
      Wait waitingFor,
      List<StepInfo> steps,
      Map<String, String> tags) {
    this(
        id,
        workflow,
        status,
        input,
        output,
        errorType,
        errorMessage,
        failureReason,
        compensated,
        resolution,
        idempotencyKey,
        recoveries,
        createdAt,
        startedAt,
        endedAt,
        waitingFor,
        steps,
        tags,
        null);
  }

  /** The same run with these tags. */
  public RunInfo withTags(Map<String, String> tags) {
    return new RunInfo(
        id,
        workflow,
        status,
        input,
        output,
        errorType,
        errorMessage,
        failureReason,
        compensated,
        resolution,
        idempotencyKey,
        recoveries,
        createdAt,
        startedAt,
        endedAt,
        waitingFor,
        steps,
        tags,
        concurrencyKey);
  }

  /** The same run with these journal entries. */
  public RunInfo withSteps(List<StepInfo> steps) {
    return new RunInfo(
        id,
        workflow,
        status,
        input,
        output,
        errorType,
        errorMessage,
        failureReason,
        compensated,
        resolution,
        idempotencyKey,
        recoveries,
        createdAt,
        startedAt,
        endedAt,
        waitingFor,
        steps,
        tags,
        concurrencyKey);
  }
}
