package dev.reprise.internal.engine;

import dev.reprise.internal.store.ClaimedRun;

/**
 * How a submit in this process hands a new run to the engine: with a free slot, the run is inserted
 * already claimed and started on the spot, saving the dispatcher's claim; otherwise it is inserted
 * {@code pending} and the dispatcher is woken.
 */
interface LocalEngine {
  /**
   * Reserves a slot for a run of {@code queue}; the owner name to insert the run under, or null
   * when none is free or the queue's limits leave the claim to the dispatcher.
   */
  String reserve(String queue);

  /** The lease a run inserted under a reserved slot starts with. */
  long leaseMillis();

  /** Starts a run inserted under a reserved slot. */
  void launch(ClaimedRun run);

  /** Gives back a reserved slot that was not used. */
  void release();

  /** Tells the dispatcher a pending run is there. */
  void wake();

  /** A schedule was created or resumed: the next timer may come sooner. */
  void timersChanged();

  /** A run that may be executing here was asked to cancel. */
  void cancelRequested(String runId, String reason);

  /** For a process that executes nothing. */
  LocalEngine NONE =
      new LocalEngine() {
        @Override
        public String reserve(String queue) {
          return null;
        }

        @Override
        public long leaseMillis() {
          return 0;
        }

        @Override
        public void launch(ClaimedRun run) {
          throw new IllegalStateException("no engine");
        }

        @Override
        public void release() {}

        @Override
        public void wake() {}

        @Override
        public void timersChanged() {}

        @Override
        public void cancelRequested(String runId, String reason) {}
      };
}
