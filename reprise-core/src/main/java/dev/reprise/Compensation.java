package dev.reprise;

/**
 * Undoes a completed step when its run fails: receives the step's output (as journaled). Runs at
 * least once, so it must be idempotent, like a step body; {@link RunContext#idempotencyKey()} is
 * available inside it.
 */
@FunctionalInterface
public interface Compensation<T> {
  void compensate(T output) throws Exception;
}
