package dev.reprise.internal.store;

/**
 * A store: everything the engine and the client need from a database, split by role, the same for
 * every dialect and each role tested by its own contract suite. A store sees one scope (a
 * namespace, and an env when one is set).
 */
public interface Store extends AutoCloseable {

  /** The file or URL, for messages. */
  String location();

  boolean isReadOnly();

  /** Several nodes may execute this store's runs at once (a server database). */
  boolean isShared();

  /** An executor's writes to the runs it holds, each fenced by the run's epoch. */
  RunJournal journal();

  /** Submits, claims, timers, and taking back runs a dead process left. */
  RunQueue queue();

  /** Runs and their journals, as clients and operators read them. */
  RunReads reads();

  /** What an operator does to a run. */
  Operations operations();

  /** Nodes, leases and sweeps, for several nodes on one database. */
  Leases leases();

  /** The cron schedules. */
  ScheduleRows schedules();

  /** The record of operator actions. */
  AuditLog audit();

  /** Runs' tags and published values. */
  RunAttributes attributes();

  /** Retention policies and their application. */
  RetentionRows retention();

  /** The limits of concurrency keys. */
  ConcurrencyLimits concurrencyLimits();

  /**
   * Writes a consistent copy of the store to {@code target} (a new file, made readable by its owner
   * only) while it is in use; an SQLite store only.
   */
  void backupTo(java.nio.file.Path target);

  /**
   * The failure of the last write, while none that changed anything has gone through since; empty
   * while writes go through, and for a read-only store.
   */
  java.util.Optional<dev.reprise.StoreWriteFailure> writeFailure();

  /** SQLite's full integrity check, read-only: empty when intact, else what is damaged. */
  java.util.List<String> checkIntegrity();

  /**
   * Claims the right to execute this database's runs, for one engine at a time where the database
   * cannot fence several (an SQLite file: a lock beside it, across processes and within this one);
   * released by closing what it returns.
   *
   * @throws dev.reprise.StoreUnavailableException when another engine holds it, naming which
   */
  AutoCloseable lockExecution();

  @Override
  void close();
}
