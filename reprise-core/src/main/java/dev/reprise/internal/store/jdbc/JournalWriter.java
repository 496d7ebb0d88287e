package dev.reprise.internal.store.jdbc;

import dev.reprise.StoreUnavailableException;
import dev.reprise.internal.store.Futures;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * <p>Work is urgent (its caller waits until it is durable) or lazy (it rides along with the next
 * urgent batch, or is committed after at most {@code linger} when none comes). Urgent work commits
 * in submission order, lazy work before the urgent work of its batch. When the writer is idle and
 * nothing urgent is queued, an urgent caller commits on its own thread, sparing two thread
 * hand-offs. If a batch fails, its items are retried one transaction each, so one bad item fails
 * only its own caller. When the connection breaks (the server restarted, an operator ended the
 * session) and the store can open another, the writer opens one and applies the work again: every
 * write is conditional or an upsert, so applying one twice changes nothing. When it cannot (the
 * server is still down), the batch fails as a whole and the next write tries again. Failures name
 * the store's file or URL, and its {@link WriteHealth} says whether writes go through.
 */
public final class JournalWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JournalWriter.class);
  private static final int MAX_BATCH = 1024;
  private static final long COHORT_WAIT_NANOS = TimeUnit.MICROSECONDS.toNanos(300);

  private final BlockingQueue<WriterEntry<?>> urgent = new LinkedBlockingQueue<>();
  private final Queue<WriterEntry<?>> lazy = new ConcurrentLinkedQueue<>();
  private final String location;
  private final Dialect dialect;
  private final Readers.Opener reopen;
  private final WriteHealth health = new WriteHealth(java.time.InstantSource.system());
  private Tx tx; // under connectionLock
  private final ReentrantLock connectionLock;
  private final long lingerNanos;
  private final Thread thread;
  private volatile boolean closed;
  private volatile boolean idle;
  private int lastUrgent; // writer thread only

  /**
   * @param location the store's file or URL, as failures name it
   */
  public JournalWriter(
      String name,
      String location,
      Dialect dialect,
      Connection connection,
      ReentrantLock connectionLock,
      long lingerMillis,
      Readers.Opener reopen) {
    this.location = location;
    this.dialect = dialect;
    this.reopen = reopen;
    this.tx = new Tx(connection);
    this.connectionLock = connectionLock;
    this.lingerNanos = TimeUnit.MILLISECONDS.toNanos(lingerMillis);
    this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::loop);
    thread.start();
  }

  /**
   * Queues work; the future completes once it is committed. Cancelling the future of lazy work not
   * yet applied withdraws it.
   */
  public <T> CompletableFuture<T> submit(SqlWork<T> work, boolean isUrgent) {
    WriterEntry<T> entry = new WriterEntry<>(work, isUrgent, new CompletableFuture<>());
    if (closed) {
      entry.fail(new StoreUnavailableException("journal writer", "the store is closed", null));
      return entry.done;
    }
    if (!isUrgent) {
      lazy.add(entry);
      failIfWriterGone();
    } else if (idle && urgent.isEmpty() && connectionLock.tryLock()) {
      try {
        List<WriterEntry<?>> batch = new ArrayList<>();
        drainLazy(batch);
        batch.add(entry);
        commit(batch);
      } finally {
        connectionLock.unlock();
      }
    } else {
      urgent.add(entry);
      failIfWriterGone();
    }
    return entry.done;
  }

  /** Work queued just as the writer stopped would wait forever: fail it instead. */
  private void failIfWriterGone() {
    if (closed && !thread.isAlive()) {
      failRemaining();
    }
  }

  /** Whether the store takes writes, as the last ones found it. */
  WriteHealth health() {
    return health;
  }

  /** Runs work durably and waits for it. */
  public <T> T execute(SqlWork<T> work) {
    return Futures.join(submit(work, true));
  }

  private void loop() {
    List<WriterEntry<?>> batch = new ArrayList<>();
    while (true) {
      try {
        idle = true;
        WriterEntry<?> first = urgent.poll(lingerNanos, TimeUnit.NANOSECONDS);
        idle = false;
        drainLazy(batch);
        if (first != null) {
          batch.add(first);
          urgent.drainTo(batch, MAX_BATCH - batch.size());
          gatherCohort(batch);
        } else if (batch.isEmpty()) {
          if (closed) {
            break;
          }
          continue;
        }
        commit(batch);
        lastUrgent = countUrgent(batch);
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
      try {
        dialect.beforeClose(tx);
      } catch (SQLException e) {
        log.atWarn()
            .setMessage("store_close_incomplete")
            .addKeyValue("event", "store_close_incomplete")
            .addKeyValue("error", e.getMessage())
            .log();
      }
      tx.close();
    } finally {
      connectionLock.unlock();
    }
  }

  private void drainLazy(List<WriterEntry<?>> batch) {
    WriterEntry<?> e;
    while (batch.size() < MAX_BATCH && (e = lazy.poll()) != null) {
      batch.add(e);
    }
  }

  /**
   * The callers woken by the last commit come back with their next write a few microseconds later;
   * without waiting for them they would miss this batch and the load would split into two half-size
   * batches taking turns. So when the last batch carried several urgent writes, wait a little (at
   * most {@link #COHORT_WAIT_NANOS}) for as many to gather again.
   */
  private void gatherCohort(List<WriterEntry<?>> batch) throws InterruptedException {
    if (lastUrgent < 2) {
      return;
    }
    long deadline = System.nanoTime() + COHORT_WAIT_NANOS;
    while (countUrgent(batch) < lastUrgent && batch.size() < MAX_BATCH && !closed) {
      long wait = deadline - System.nanoTime();
      if (wait <= 0) {
        return;
      }
      WriterEntry<?> next = urgent.poll(wait, TimeUnit.NANOSECONDS);
      if (next == null) {
        return;
      }
      batch.add(next);
      urgent.drainTo(batch, MAX_BATCH - batch.size());
    }
  }

  private static int countUrgent(List<WriterEntry<?>> batch) {
    int n = 0;
    for (WriterEntry<?> e : batch) {
      if (e.urgent) {
        n++;
      }
    }
    return n;
  }

  private void commit(List<WriterEntry<?>> batch) {
    connectionLock.lock();
    try {
      if (batch.size() == 1
          && batch.get(0).work instanceof BatchableWork<?>
          && dialect.commitsLoneStatements()
          && !health.failing()) { // a failing store's writes tell whether they changed anything
        applyAlone(batch.get(0));
        return;
      }
      try {
        applyAll(batch);
        return;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly();
        // with no connection every item fails alike: one at a time, each would wait to reconnect
        if (batch.size() == 1 || (e instanceof SQLException sql && connectionGone(sql))) {
          RuntimeException failure = failed(e);
          batch.forEach(entry -> entry.fail(failure));
          return;
        }
      }
      for (WriterEntry<?> entry : batch) {
        try {
          applyAll(List.of(entry));
        } catch (SQLException | RuntimeException e) {
          rollbackQuietly();
          entry.fail(failed(e));
        }
      }
    } finally {
      connectionLock.unlock();
    }
  }

  /**
   * A lone single-statement write runs as its own transaction in auto-commit mode: one round trip
   * to a server instead of the statement and then a commit.
   */
  private void applyAlone(WriterEntry<?> entry) {
    try {
      try {
        dialect.autoCommit(tx);
        entry.apply(tx);
      } catch (SQLException e) {
        if (!connectionGone(e) || !reconnect()) {
          throw e;
        }
        dialect.autoCommit(tx);
        entry.apply(tx);
      }
      health.wrote();
      CommitHook.committed(tx);
      entry.complete();
    } catch (SQLException | RuntimeException e) {
      entry.fail(failed(e));
    }
  }

  /** The failure as the caller gets it, told to the health. */
  private RuntimeException failed(Exception e) {
    RuntimeException failure = StoreErrors.translate(location, "journal write", e);
    health.failed(failure);
    return failure;
  }

  /** One transaction; once more on a new connection when the connection broke. */
  private void applyAll(List<WriterEntry<?>> batch) throws SQLException {
    try {
      applyOnce(batch);
    } catch (SQLException e) {
      if (!connectionGone(e) || !reconnect()) {
        throw e;
      }
      applyOnce(batch);
    }
  }

  /**
   * The connection broke, or is closed. A pool closes a connection it saw break (HikariCP then
   * answers every call on it with "Connection is closed", which has no SQLSTATE): after a reconnect
   * that failed because the server was still down, that is the connection the writer holds, and the
   * next write must open another rather than fail on it for good.
   */
  private boolean connectionGone(SQLException e) {
    if (dialect.isConnectionLost(e)) {
      return true;
    }
    try {
      return tx.connection().isClosed();
    } catch (SQLException closedAnyway) {
      return true;
    }
  }

  /**
   * The batch in one transaction: first the batchable work, each statement's entries as one JDBC
   * batch (in their order), then the rest in order. Moving the batchable work first keeps each
   * run's writes in order: a run waits for each urgent write before its next, so a batch holds at
   * most one urgent write per run, and its lazy writes (journal entries, batchable) come before it.
   */
  private void applyOnce(List<WriterEntry<?>> batch) throws SQLException {
    dialect.begin(tx);
    boolean failing = health.failing();
    long mark = failing ? dialect.changeMark(tx) : 0;
    Map<String, List<WriterEntry<?>>> batched = new LinkedHashMap<>();
    List<WriterEntry<?>> rest = new ArrayList<>();
    for (WriterEntry<?> entry : batch) {
      if (entry.withdrawn()) {
        continue;
      }
      if (entry.work instanceof BatchableWork<?> w) {
        batched.computeIfAbsent(w.sql(), sql -> new ArrayList<>()).add(entry);
      } else {
        rest.add(entry);
      }
    }
    for (Map.Entry<String, List<WriterEntry<?>>> same : batched.entrySet()) {
      applyBatched(same.getKey(), same.getValue());
    }
    for (WriterEntry<?> entry : rest) {
      entry.apply(tx);
    }
    boolean changed = !failing || dialect.changedSince(tx, mark);
    dialect.commit(tx);
    if (changed) {
      health.wrote();
    }
    CommitHook.committed(tx);
    batch.forEach(WriterEntry::complete);
  }

  private void applyBatched(String sql, List<WriterEntry<?>> same) throws SQLException {
    if (same.size() == 1) {
      same.get(0).apply(tx);
      return;
    }
    PreparedStatement ps = tx.prepare(sql);
    try {
      for (WriterEntry<?> e : same) {
        ((BatchableWork<?>) e.work).bind(ps);
        ps.addBatch();
      }
      int[] updated = ps.executeBatch();
      for (int count : updated) {
        if (count < 0) {
          // a count the driver did not report (SUCCESS_NO_INFO): the outcome of each entry is
          // unknown, so the batch is rolled back and its entries applied one by one
          throw new SQLException("the driver reported no update count for a batched statement");
        }
      }
      for (int k = 0; k < same.size(); k++) {
        same.get(k).batched(tx, updated[k]);
      }
    } finally {
      ps.clearBatch();
    }
  }

  private boolean reconnect() {
    if (reopen == null) {
      return false;
    }
    try {
      Tx fresh = new Tx(reopen.open());
      tx.close();
      tx = fresh;
      log.atWarn().setMessage("store_reconnected").addKeyValue("event", "store_reconnected").log();
      return true;
    } catch (SQLException e) {
      log.atWarn()
          .setMessage("store_reconnect_failed")
          .addKeyValue("event", "store_reconnect_failed")
          .addKeyValue("error", e.getMessage())
          .log();
      return false;
    }
  }

  /**
   * Ends a failed transaction, whatever state it left: the database may already have rolled it back
   * (SQLite does on a full disk), and the statements it used are prepared afresh.
   */
  private void rollbackQuietly() {
    try {
      dialect.rollback(tx);
    } catch (SQLException e) {
      log.atDebug().setMessage("rollback after a failed write: {}").addArgument(e).log();
    }
    tx.forgetStatements();
  }

  private void failRemaining() {
    WriterEntry<?> entry;
    while ((entry = urgent.poll()) != null || (entry = lazy.poll()) != null) {
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
