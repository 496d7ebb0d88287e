package dev.reprise.internal.engine;

/**
 * Unwinds a run's thread without journaling anything, when the engine stops under it or its journal
 * can no longer be written. The run stays {@code running} in the store and is taken back by
 * recovery. An Error so that user code catching {@code Exception} does not swallow it.
 */
final class RunAbandoned extends Error {
  RunAbandoned(String reason, Throwable cause) {
    super(reason, cause, false, false);
  }
}
