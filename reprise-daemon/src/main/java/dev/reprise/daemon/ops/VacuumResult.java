package dev.reprise.daemon.ops;

/**
 * What {@code reprise vacuum} did, as its JSON line writes it.
 *
 * @param deleted runs deleted, with their journals
 * @param olderThan the age as given, e.g. {@code 30d}
 * @param olderThanSeconds the same age in seconds
 * @param db the database file, or the PostgreSQL URL without its query
 */
record VacuumResult(int deleted, String olderThan, long olderThanSeconds, String db) {}
