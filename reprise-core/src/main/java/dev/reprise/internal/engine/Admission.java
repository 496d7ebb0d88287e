package dev.reprise.internal.engine;

import java.util.Optional;

/**
 * How a submit in this process may start its run at once (eager start): with a free slot the engine
 * grants a {@link Reservation}, the run is inserted already claimed, and the reservation launches
 * it, sparing the dispatcher's claim. Without one, the run is inserted {@code pending}.
 */
interface Admission {

  /**
   * A slot for a new run of {@code queue} with this input, or empty when none is free, the memory
   * budget has no room for the input, the engine is not running, or the queue's limits leave the
   * claim to the dispatcher.
   */
  Optional<Reservation> reserve(String queue, String inputJson);

  /** For a process that executes nothing: never a slot. */
  Admission NONE = (queue, inputJson) -> Optional.empty();
}
