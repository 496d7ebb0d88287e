package dev.reprise.internal.store.jdbc;

import dev.reprise.StoreConflictException;
import dev.reprise.StoreException;
import dev.reprise.StoreWriteFailure;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Whether a store takes writes, as its writer's last transactions found it: failing from a write
 * the store refused (a full disk, a damaged file, a connection gone) until a commit that changed
 * something. A commit that changed nothing (a claim that found no run) proves nothing, as it needs
 * no space: it leaves a failure as it is. Written by the writer, read by anyone.
 */
final class WriteHealth {
  private final InstantSource clock;
  private volatile StoreWriteFailure failure;

  WriteHealth(InstantSource clock) {
    this.clock = clock;
  }

  /** A write failed; only the store's own failures count, not a conflict or the work's own. */
  void failed(RuntimeException e) {
    if (e instanceof StoreException s && !(e instanceof StoreConflictException)) {
      StoreWriteFailure before = failure;
      failure = new StoreWriteFailure(s, before == null ? clock.instant() : before.since());
    }
  }

  /** A commit that changed something went through. */
  void wrote() {
    failure = null;
  }

  boolean failing() {
    return failure != null;
  }

  Optional<StoreWriteFailure> current() {
    return Optional.ofNullable(failure);
  }
}
