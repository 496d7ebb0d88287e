package dev.reprise;

import java.time.Instant;
import java.util.Objects;

/**
 * The store does not take writes now, as its last writes found it: see {@link
 * Reprise#storeWriteFailure()}.
 *
 * @param error the last write's failure: a {@link StoreFullException} for a full disk, a {@link
 *     StoreCorruptedException}, a {@link StoreConnectionException} or a {@link
 *     StoreUnavailableException}
 * @param since when the first of the failed writes in a row failed
 */
public record StoreWriteFailure(StoreException error, Instant since) {
  public StoreWriteFailure {
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(since, "since");
  }
}
