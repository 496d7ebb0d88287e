package dev.reprise.internal.engine;

/**
 * Unwinds a run's thread out of the user's workflow code, to the executor, which switches over the
 * kinds (exhaustively: the compiler checks every case). An {@link Error}, so that user code
 * catching {@code Exception} or {@code RuntimeException} does not swallow it.
 */
abstract sealed class RunUnwinding extends Error
    permits Suspend, ReplayStop, RunAbandoned, CancelSignal {

  RunUnwinding(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
