package dev.reprise.internal.store;

import dev.reprise.StoreUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of a store: group commit. Many threads hand it work; one thread runs what has
 * queued up in one transaction with one commit (one fsync), then completes every caller's future.
 * While a commit is in flight the next batch gathers, so the more threads write, the more each
 * commit carries.
 *
 * <p>Work is urgent (a caller waits for it to be durable) or lazy (it may wait for the next urgent
 * work to ride along, at most {@code linger}). If a batch fails, its items are retried one
 * transaction each, so one bad item fails only its own caller.
 */
public final class JournalWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JournalWriter.class);
  private static final int MAX_BATCH = 1024;

  private final BlockingQueue<Entry<?>> queue = new LinkedBlockingQueue<>();
  private final Dialect dialect;
  private final Tx tx;
  private final ReentrantLock connectionLock;
  private final long lingerNanos;
  private final Thread thread;
  private volatile boolean closed;

  public JournalWriter(
      String name, Dialect dialect, Connection connection, ReentrantLock connectionLock, long lingerMillis) {
    this.dialect = dialect;
    this.tx = new Tx(connection);
    this.connectionLock = connectionLock;
    this.lingerNanos = TimeUnit.MILLISECONDS.toNanos(lingerMillis);
    this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::loop);
    thread.start();
  }

  /** Queues work; the future completes once it is committed. */
  public <T> CompletableFuture<T> submit(SqlWork<T> work, boolean urgent) {
    Entry<T> entry = new Entry<>(work, urgent, System.nanoTime(), new CompletableFuture<>());
    if (closed) {
      entry.done.completeExceptionally(new StoreUnavailableException("journal writer", "the store is closed", null));
      return entry.done;
    }
    queue.add(entry);
    return entry.done;
  }

  /** Runs work durably and waits for it. */
  public <T> T execute(SqlWork<T> work) {
    return Futures.join(submit(work, true));
  }

  private static final class Entry<T> {
    final SqlWork<T> work;
    final boolean urgent;
    final long enqueuedNanos;
    final CompletableFuture<T> done;
    T result;

    Entry(SqlWork<T> work, boolean urgent, long enqueuedNanos, CompletableFuture<T> done) {
      this.work = work;
      this.urgent = urgent;
      this.enqueuedNanos = enqueuedNanos;
      this.done = done;
    }

    void apply(Tx tx) throws SQLException {
      result = work.apply(tx);
    }

    void complete() {
      done.complete(result);
    }

    void fail(Throwable t) {
      done.completeExceptionally(t);
    }
  }

  private void loop() {
    List<Entry<?>> batch = new ArrayList<>();
    while (true) {
      try {
        Entry<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (closed && queue.isEmpty()) {
            break;
          }
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - batch.size());
        gatherUntilUrgent(batch, first.enqueuedNanos);
        commit(batch);
      } catch (InterruptedException e) {
        if (closed) {
          break;
        }
      } catch (RuntimeException | Error e) {
        log.error("journal writer failed; failing the batch", e);
        batch.forEach(entry -> entry.fail(e));
      } finally {
        batch.clear();
      }
    }
    failRemaining();
    connectionLock.lock();
    try {
      tx.close();
    } finally {
      connectionLock.unlock();
    }
  }

  private void gatherUntilUrgent(List<Entry<?>> batch, long firstNanos) throws InterruptedException {
    long deadline = firstNanos + lingerNanos;
    while (!hasUrgent(batch) && batch.size() < MAX_BATCH && !closed) {
      long wait = deadline - System.nanoTime();
      if (wait <= 0) {
        return;
      }
      Entry<?> next = queue.poll(wait, TimeUnit.NANOSECONDS);
      if (next == null) {
        return;
      }
      batch.add(next);
      queue.drainTo(batch, MAX_BATCH - batch.size());
    }
  }

  private static boolean hasUrgent(List<Entry<?>> batch) {
    for (Entry<?> e : batch) {
      if (e.urgent) {
        return true;
      }
    }
    return false;
  }

  private void commit(List<Entry<?>> batch) {
    connectionLock.lock();
    try {
      Connection c = tx.connection();
      try {
        dialect.begin(c);
        for (Entry<?> entry : batch) {
          entry.apply(tx);
        }
        dialect.commit(c);
        batch.forEach(Entry::complete);
        return;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        if (batch.size() == 1) {
          batch.get(0).fail(StoreErrors.translate("journal write", e));
          return;
        }
      }
      for (Entry<?> entry : batch) {
        try {
          dialect.begin(c);
          entry.apply(tx);
          dialect.commit(c);
          entry.complete();
        } catch (SQLException | RuntimeException e) {
          rollbackQuietly(c);
          entry.fail(StoreErrors.translate("journal write", e));
        }
      }
    } finally {
      connectionLock.unlock();
    }
  }

  private void rollbackQuietly(Connection c) {
    try {
      dialect.rollback(c);
    } catch (SQLException e) {
      log.warn("rollback failed", e);
    }
  }

  private void failRemaining() {
    Entry<?> entry;
    while ((entry = queue.poll()) != null) {
      entry.fail(new StoreUnavailableException("journal writer", "the store is closed", null));
    }
  }

  /** Commits what is queued, then stops. */
  @Override
  public void close() {
    closed = true;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failRemaining();
  }
}
