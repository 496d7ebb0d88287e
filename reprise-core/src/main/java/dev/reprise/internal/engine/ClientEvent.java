package dev.reprise.internal.engine;

/**
 * What a client did that an engine in the same process may act on at once; engines elsewhere see it
 * in the store at their next poll. The client writes, then emits; the engine decides.
 */
sealed interface ClientEvent {
  /** A run was inserted {@code pending}. */
  record RunSubmitted(String runId) implements ClientEvent {}

  /** A signal was kept for a run, which may be waiting for it. */
  record RunSignalled(String runId) implements ClientEvent {}

  /** A run was asked to stop. */
  record CancelRequested(String runId, String reason) implements ClientEvent {}

  /** A run's failed compensations are to run again. */
  record CompensationRetried(String runId) implements ClientEvent {}

  /** Waiting runs were made due (parents of ended children, a resumed run). */
  record RunsWoken() implements ClientEvent {}

  /** A schedule was created or resumed: the next timer may come sooner. */
  record SchedulesChanged() implements ClientEvent {}
}
