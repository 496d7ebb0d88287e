package dev.reprise.internal.store;

import dev.reprise.Wait;

/**
 * A run that parks under {@code epoch} to wait for {@code waitFor}, due at {@code wakeAt} (epoch
 * millis; its deadline if that comes first; {@link Long#MAX_VALUE} for never).
 */
public record Parking(String runId, long epoch, Wait waitFor, long wakeAt, long nowMillis) {}
