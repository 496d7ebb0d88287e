package dev.reprise.internal.store.jdbc;

import java.sql.Connection;
import java.util.function.Consumer;

/**
 * Something to run right after each commit of a journal writer, before its callers learn that their
 * writes are durable. The test kit's crash test uses it to stop a process at an exact point of its
 * journal: its hook blocks, holding the writer, so that nothing more is written until the process
 * is killed. Unset in every other process, where it costs one volatile read a commit.
 */
public final class CommitHook {
  private static volatile Consumer<Connection> afterCommit;

  private CommitHook() {}

  /** Runs {@code hook} after every later commit of every journal writer of this process. */
  public static void install(Consumer<Connection> hook) {
    afterCommit = hook;
  }

  static void committed(Tx tx) {
    Consumer<Connection> hook = afterCommit;
    if (hook != null) {
      hook.accept(tx.connection());
    }
  }
}
