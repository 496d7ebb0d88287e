package dev.reprise.internal.engine;

import dev.reprise.StepKind;
import dev.reprise.StepStatus;
import dev.reprise.internal.store.StepWrite;

/** One journal position being executed: makes its entries as it goes through its attempts. */
record Slot(
    String runId,
    long epoch,
    int seq,
    String name,
    StepKind kind,
    boolean atMostOnce,
    long startedAt,
    boolean compensable) {

  StepWrite executing(int attempts) {
    return write(StepStatus.EXECUTING, null, null, null, null, attempts, null);
  }

  /** Started, with the value it waits for (a wake time) as its output. */
  StepWrite started(String output, String outputType) {
    return write(StepStatus.EXECUTING, output, outputType, null, null, 1, null);
  }

  StepWrite completed(String output, String outputType, int attempts, long endedAt) {
    return write(StepStatus.COMPLETED, output, outputType, null, null, attempts, endedAt);
  }

  StepWrite failed(String errorType, String errorMessage, int attempts, long endedAt) {
    return write(StepStatus.FAILED, null, null, errorType, errorMessage, attempts, endedAt);
  }

  private StepWrite write(
      StepStatus status,
      String output,
      String outputType,
      String errorType,
      String errorMessage,
      int attempts,
      Long endedAt) {
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
