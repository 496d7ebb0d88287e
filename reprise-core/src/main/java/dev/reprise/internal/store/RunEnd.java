package dev.reprise.internal.store;

import dev.reprise.RunStatus;

/** A run's outcome, written only if the run is still held under {@code epoch}. */
public record RunEnd(
    String runId,
    long epoch,
    RunStatus status,
    String output,
    String errorType,
    String errorMessage,
    long endedAt) {}
