package dev.reprise.internal.store;

/**
 * A run held under {@code epoch} that failed and starts unwinding: the failure that started it
 * ({@code errorType}, {@code errorMessage}), and a line for its failure reason.
 */
public record Unwinding(
    String runId,
    long epoch,
    String errorType,
    String errorMessage,
    String reasonLine,
    long nowMillis) {}
