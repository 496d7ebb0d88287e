package dev.reprise.daemon.server;

import dev.reprise.StoreException;
import dev.reprise.StoreFullException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether the store takes writes, as the API's own writes last found it: after a write failed for
 * want of space or of the database, the daemon is not ready until a write succeeds again, or for
 * {@link #HOLD} after the last failure when no write comes to tell (the next write decides again).
 */
final class StoreHealth {
  /** How long a failed write keeps the daemon not ready, with no write since to say otherwise. */
  static final Duration HOLD = Duration.ofSeconds(10);

  private final InstantSource clock;
  private final AtomicReference<Trouble> trouble = new AtomicReference<>();

  StoreHealth(InstantSource clock) {
    this.clock = clock;
  }

  /**
   * What failed, and when.
   *
   * @param reason {@code store_full} or {@code store_unavailable}
   */
  record Trouble(String reason, String message, Instant at) {}

  void failed(StoreException e) {
    String reason = e instanceof StoreFullException ? "store_full" : "store_unavailable";
    trouble.set(new Trouble(reason, e.getMessage(), clock.instant()));
  }

  void worked() {
    trouble.set(null);
  }

  /** The failure that still makes the daemon not ready, if any. */
  Optional<Trouble> current() {
    Trouble t = trouble.get();
    if (t == null || clock.instant().isAfter(t.at().plus(HOLD))) {
      return Optional.empty();
    }
    return Optional.of(t);
  }
}
