package dev.reprise.internal.engine;

import dev.reprise.Wait;

/**
 * The run waits durably for {@code wait}: it is parked in the store, due at {@code wakeAt} (its
 * deadline when that comes first), and replayed then.
 */
final class Suspend extends RunUnwinding {
  final Wait waitFor;
  final long wakeAt;

  Suspend(Wait waitFor, long wakeAt) {
    super("suspended: " + waitFor.describe(), null);
    this.waitFor = waitFor;
    this.wakeAt = wakeAt;
  }
}
