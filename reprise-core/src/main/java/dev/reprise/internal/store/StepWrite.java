package dev.reprise.internal.store;

import dev.reprise.StepInfo;
import dev.reprise.StepKind;
import dev.reprise.StepStatus;
import java.time.Instant;

/** One journal entry as written. Times are epoch millis; null where unknown. */
public record StepWrite(
    String runId,
    int seq,
    String name,
    StepKind kind,
    StepStatus status,
    boolean atMostOnce,
    String output,
    String outputType,
    String errorType,
    String errorMessage,
    int attempts,
    long epoch,
    Long startedAt,
    Long endedAt,
    boolean compensable) {

  /** The entry as a read of the journal would show it. */
  public StepInfo asInfo() {
    return new StepInfo(
        seq,
        name,
        kind,
        status,
        atMostOnce,
        output,
        outputType,
        errorType,
        errorMessage,
        attempts,
        startedAt == null ? null : Instant.ofEpochMilli(startedAt),
        endedAt == null ? null : Instant.ofEpochMilli(endedAt),
        compensable);
  }

  public StepWrite withOutput(String output) {
    return new StepWrite(
        runId,
        seq,
        name,
        kind,
        status,
        atMostOnce,
        output,
        outputType,
        errorType,
        errorMessage,
        attempts,
        epoch,
        startedAt,
        endedAt,
        compensable);
  }
}
