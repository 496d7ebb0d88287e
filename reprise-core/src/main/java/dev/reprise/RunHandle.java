package dev.reprise;

import java.time.Duration;

/** A submitted run. */
public interface RunHandle<O> {

  String id();

  /** The run's status now, read from the store. */
  RunStatus status();

  /**
   * Waits for the run to end and returns its output.
   *
   * @throws RunFailedException when it ended in another status than {@code completed}
   * @throws RunTimeoutException when {@code timeout} passes first
   * @throws InvalidOutputException when the output cannot be read as {@code O}
   */
  O result(Duration timeout);
}
