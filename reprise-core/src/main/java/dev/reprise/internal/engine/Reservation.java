package dev.reprise.internal.engine;

import dev.reprise.internal.store.ClaimedRun;
import java.util.function.ObjLongConsumer;

/**
 * A slot of the engine held for one submit: launched with the run inserted under it, or given back
 * by {@link #close()} (a submit that failed, or found its run already there). Closing after a
 * launch does nothing, so {@code try (Reservation r = ...)} always leaves the slot accounted for.
 */
final class Reservation implements AutoCloseable {
  private final String owner;
  private final long leaseMillis;
  private final ObjLongConsumer<ClaimedRun> launcher;
  private final Runnable releaser;
  private final long reservedNanos = System.nanoTime(); // before the run is inserted
  private boolean done;

  Reservation(
      String owner, long leaseMillis, ObjLongConsumer<ClaimedRun> launcher, Runnable releaser) {
    this.owner = owner;
    this.leaseMillis = leaseMillis;
    this.launcher = launcher;
    this.releaser = releaser;
  }

  /** The node to insert the run under. */
  String owner() {
    return owner;
  }

  /** The lease the run inserted under this reservation starts with. */
  long leaseMillis() {
    return leaseMillis;
  }

  /** Starts the run inserted under this reservation; the slot is its now. */
  void launch(ClaimedRun run) {
    if (done) {
      throw new IllegalStateException("reservation already used");
    }
    done = true;
    launcher.accept(run, reservedNanos);
  }

  /** Gives the slot back unless it was launched. */
  @Override
  public void close() {
    if (!done) {
      done = true;
      releaser.run();
    }
  }
}
