package dev.reprise.internal.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Read connections. For a file database, a small pool beside the writer (WAL lets readers run while
 * it commits); for an in-memory database, the writer's own connection, taken under its lock; for a
 * server database, a connection borrowed from its pool for each read.
 */
public final class Readers implements AutoCloseable {
  /** Opens one read connection. */
  @FunctionalInterface
  public interface Opener {
    Connection open() throws SQLException;
  }

  private final DataSource source;
  private final Runnable connectionLost;
  private final BlockingQueue<Tx> idle;
  private final Opener opener;
  private final ReentrantLock sharedLock;
  private final Tx shared;
  private final int max;
  private int opened;

  private Readers(
      Opener opener,
      int max,
      Tx shared,
      ReentrantLock sharedLock,
      DataSource source,
      Runnable connectionLost) {
    this.source = source;
    this.connectionLost = connectionLost;
    this.opener = opener;
    this.max = max;
    this.idle = new ArrayBlockingQueue<>(Math.max(1, max));
    this.shared = shared;
    this.sharedLock = sharedLock;
  }

  public static Readers pooled(Opener opener, int max) {
    return new Readers(opener, max, null, null, null, null);
  }

  /**
   * Reads on connections borrowed from a pool; {@code connectionLost} runs when one broke (to drop
   * the pool's other connections, which broke with it when the server restarted, say).
   */
  public static Readers borrowing(DataSource source, Runnable connectionLost) {
    return new Readers(null, 0, null, null, source, connectionLost);
  }

  public static Readers shared(Connection connection, ReentrantLock lock) {
    return new Readers(null, 0, new Tx(connection), lock, null, null);
  }

  public <T> T read(SqlWork<T> work) {
    if (shared != null) {
      sharedLock.lock();
      try {
        return work.apply(shared);
      } catch (SQLException e) {
        throw StoreErrors.translate("read", e);
      } finally {
        sharedLock.unlock();
      }
    }
    if (source != null) {
      return readBorrowed(work);
    }
    Tx tx = borrow();
    boolean healthy = true;
    try {
      return work.apply(tx);
    } catch (SQLException e) {
      healthy = false;
      throw StoreErrors.translate("read", e);
    } finally {
      giveBack(tx, healthy);
    }
  }

  /** A read on a pooled connection; once more on another when the connection broke. */
  private <T> T readBorrowed(SqlWork<T> work) {
    try {
      return readOnce(work);
    } catch (SQLException e) {
      if (StoreErrors.isConnectionLost(e)) {
        connectionLost.run();
        try {
          return readOnce(work);
        } catch (SQLException again) {
          throw StoreErrors.translate("read", again);
        }
      }
      throw StoreErrors.translate("read", e);
    }
  }

  /**
   * A connection from the pool for a caller that keeps it open (a node's session lock), or null
   * where reads borrow from no pool.
   */
  Connection keep() throws SQLException {
    return source == null ? null : source.getConnection();
  }

  private <T> T readOnce(SqlWork<T> work) throws SQLException {
    Tx tx = new Tx(source.getConnection());
    try {
      return work.apply(tx);
    } finally {
      tx.close(); // back to the pool, which drops a broken connection
    }
  }

  private Tx borrow() {
    Tx tx = idle.poll();
    if (tx != null) {
      return tx;
    }
    synchronized (this) {
      if (opened < max) {
        try {
          tx = new Tx(opener.open());
          opened++;
          return tx;
        } catch (SQLException e) {
          throw StoreErrors.translate("open read connection", e);
        }
      }
    }
    try {
      return idle.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw StoreErrors.translate("read", e);
    }
  }

  private void giveBack(Tx tx, boolean healthy) {
    if (healthy) {
      idle.add(tx);
      return;
    }
    tx.close();
    synchronized (this) {
      opened--;
    }
  }

  @Override
  public void close() {
    Tx tx;
    while ((tx = idle.poll()) != null) {
      tx.close();
    }
  }
}
