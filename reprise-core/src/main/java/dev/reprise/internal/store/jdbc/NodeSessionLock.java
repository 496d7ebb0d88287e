package dev.reprise.internal.store.jdbc;

import dev.reprise.internal.store.Leases;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A session-level advisory lock on PostgreSQL, on a connection kept for it. The key is random and
 * never taken again: once free, it stays free, so a node that saw it free may count from then. A
 * confirmation checks that the connection still reaches the same backend ({@code
 * pg_backend_pid()}), so a pooler that hands out another server session is not taken for the one
 * holding the lock.
 */
final class NodeSessionLock implements Leases.SessionLock {
  private static final SecureRandom KEYS = new SecureRandom();
  private static final Executor DIRECT = Runnable::run;

  private final Connection connection;
  private final long key;
  private final int backend;
  private final ReentrantLock lock = new ReentrantLock();
  private boolean broken; // under lock

  private NodeSessionLock(Connection connection, long key, int backend) {
    this.connection = connection;
    this.key = key;
    this.backend = backend;
  }

  /** Takes a lock under a new key on {@code connection}, which it then owns. */
  static NodeSessionLock take(Connection connection, int timeoutMillis) throws SQLException {
    try {
      connection.setAutoCommit(true);
      connection.setNetworkTimeout(DIRECT, timeoutMillis);
      while (true) {
        long key = KEYS.nextLong();
        try (PreparedStatement ps =
            connection.prepareStatement("select pg_try_advisory_lock(?), pg_backend_pid()")) {
          ps.setLong(1, key);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getBoolean(1)) {
              return new NodeSessionLock(connection, key, rs.getInt(2));
            }
          }
        }
      }
    } catch (SQLException | RuntimeException e) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // already failing
      }
      throw e;
    }
  }

  @Override
  public long key() {
    return key;
  }

  @Override
  public boolean confirm() {
    lock.lock();
    try {
      if (broken) {
        return false;
      }
      try (PreparedStatement ps = connection.prepareStatement("select pg_backend_pid()");
          ResultSet rs = ps.executeQuery()) {
        broken = !rs.next() || rs.getInt(1) != backend;
      } catch (SQLException e) {
        broken = true;
      }
      return !broken;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Frees the lock and gives the connection back: a pool keeps the session open, so the lock is
   * freed first; a connection that cannot do that is broken, and the pool drops it.
   */
  @Override
  public void close() {
    lock.lock();
    try {
      broken = true;
      try (PreparedStatement ps = connection.prepareStatement("select pg_advisory_unlock_all()")) {
        ps.execute();
      } catch (SQLException ignored) {
        // a broken session ended, and its lock with it
      }
      connection.close();
    } catch (SQLException ignored) {
      // the same
    } finally {
      lock.unlock();
    }
  }
}
