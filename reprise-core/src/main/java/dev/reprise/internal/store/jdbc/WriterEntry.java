package dev.reprise.internal.store.jdbc;

import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;

/**
 * One piece of work queued on the {@link JournalWriter}, with the future its caller waits on. Its
 * result is kept until the transaction commits; only then is the future completed.
 */
final class WriterEntry<T> {
  final SqlWork<T> work;
  final boolean urgent;
  final CompletableFuture<T> done;
  private T result;

  WriterEntry(SqlWork<T> work, boolean urgent, CompletableFuture<T> done) {
    this.work = work;
    this.urgent = urgent;
    this.done = done;
  }

  /** Its caller withdrew it (lazy work cancelled before it was committed), or it already ended. */
  boolean withdrawn() {
    return done.isDone();
  }

  /** The result of batchable work sent in a JDBC batch, given the rows it changed. */
  @SuppressWarnings("unchecked")
  void batched(Tx tx, int updated) throws SQLException {
    result = ((BatchableWork<T>) work).done(tx, updated);
  }

  void apply(Tx tx) throws SQLException {
    if (!done.isDone()) {
      result = work.apply(tx);
    }
  }

  void complete() {
    done.complete(result);
  }

  void fail(Throwable t) {
    done.completeExceptionally(t);
  }
}
