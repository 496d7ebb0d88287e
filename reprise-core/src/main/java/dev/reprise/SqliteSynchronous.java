package dev.reprise;

/**
 * SQLite's {@code synchronous} setting for the journal (always in WAL mode).
 *
 * <ul>
 *   <li>{@link #FULL} (the default): every commit is fsynced before it returns. A step reported
 *       completed survives a power loss.
 *   <li>{@link #NORMAL}: the WAL is fsynced only at checkpoints. The database never corrupts, and a
 *       crash of the process loses nothing, but a power loss or OS crash may roll back the last
 *       commits: completed steps run again (their idempotency keys still deduplicate effects), and
 *       a submit that returned may be lost.
 * </ul>
 */
public enum SqliteSynchronous {
  FULL,
  NORMAL
}
