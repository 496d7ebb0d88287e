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
   * node (or this engine, after fencing a body) holds the run now.
   */
  record Abandoned(String reason, RunAbandoned.Why why) implements Outcome {
    boolean stoppedByEngine() {
      return why == RunAbandoned.Why.STOPPING;
    }

    /** The store refused its writes (a full disk, a lost server): it is to be given back. */
    boolean storeFailed() {
      return why == RunAbandoned.Why.STORE;
    }
  }
}
