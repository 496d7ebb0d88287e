package dev.reprise.internal.store;

import dev.reprise.RunStatus;

/**
 * A run's outcome, written only if the run is still held under {@code epoch}. The error fields are
 * kept if the run already has them (the failure that started an unwinding stays); {@code
 * reasonLine}, if any, is appended to the failure reason. {@code parentId} names the run that
 * started this one as a child (it is woken), or is null.
 */
public record RunEnd(
    String runId,
    long epoch,
    RunStatus status,
    String output,
    String errorType,
    String errorMessage,
    boolean compensated,
    String reasonLine,
    long endedAt,
    String parentId) {}
