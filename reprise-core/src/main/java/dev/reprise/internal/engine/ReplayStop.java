package dev.reprise.internal.engine;

/**
 * Ends the forward replay of an unwinding run at the first step its journal does not hold: from
 * there on only its compensations run.
 */
final class ReplayStop extends RunUnwinding {
  ReplayStop() {
    super("replay of an unwinding run reached its end", null);
  }
}
