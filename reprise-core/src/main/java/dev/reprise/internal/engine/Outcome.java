package dev.reprise.internal.engine;

import dev.reprise.Wait;
import dev.reprise.internal.store.RunEnd;

/**
 * How an executor left a run: ended (recorded), parked to wait, or abandoned (nothing recorded).
 */
sealed interface Outcome {

  /** The run's outcome is recorded; those waiting for it are told. */
  record Ended(RunEnd end) implements Outcome {}

  /** The run waits durably, held by no process. */
  record Parked(Wait waitFor) implements Outcome {}

  /**
   * Nothing more was recorded: the engine stopped, the journal could not be written, or another
   * node holds the run now ({@code leaseLost}).
   */
  record Abandoned(String reason, boolean leaseLost) implements Outcome {}
}
