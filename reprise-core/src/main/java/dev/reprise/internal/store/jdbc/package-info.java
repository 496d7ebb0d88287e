/**
 * The store over JDBC: one set of SQL for SQLite and PostgreSQL, the dialect differences behind
 * {@link dev.reprise.internal.store.jdbc.Dialect}, every write through the {@link
 * dev.reprise.internal.store.jdbc.JournalWriter}. Internal: not for users; it may change in any
 * release.
 */
package dev.reprise.internal.store.jdbc;
