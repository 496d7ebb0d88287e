package dev.reprise;

import java.time.Instant;

/**
 * One journal entry of a run, as stored.
 *
 * @param output the recorded output as JSON, or null
 * @param outputType the Java type the output was written from, used to read it back on replay
 * @param attempts how many times the body was started, across restarts
 * @param compensable whether the step completed with a compensation in the code that ran it: an
 *     unwinding whose code has none for it does not skip it silently
 */
public record StepInfo(
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
    Instant startedAt,
    Instant endedAt,
    boolean compensable) {}
