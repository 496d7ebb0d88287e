package dev.reprise.internal.engine;

/**
 * Ends the forward replay of an unwinding run at the first step its journal does not hold: from
 * there on only its compensations run. An Error so that user code catching {@code Exception} does
 * not swallow it.
 */
final class ReplayStop extends Error {
  ReplayStop() {
    super("replay of an unwinding run reached its end", null, false, false);
  }
}
