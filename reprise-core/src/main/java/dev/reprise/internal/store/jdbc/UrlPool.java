package dev.reprise.internal.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;

/**
 * The HikariCP pool opened for a PostgreSQL JDBC URL. HikariCP is an optional dependency, needed
 * only for a URL: this is the one class that names it, so that a store on the application's own
 * {@link DataSource} never loads it.
 */
final class UrlPool implements AutoCloseable {
  private static final int POOL_SIZE = 9; // one is a node's session lock, kept open

  private final HikariDataSource pool;

  private UrlPool(HikariDataSource pool) {
    this.pool = pool;
  }

  static UrlPool open(String url, boolean readOnly) {
    HikariConfig config = new HikariConfig();
    // a //user:pw@host URL is one the driver would read user:pw@host of as a host name
    PostgresStores.UrlParts parts = PostgresStores.UrlParts.of(url);
    config.setJdbcUrl(parts.url());
    if (parts.user() != null) {
      config.setUsername(parts.user());
    }
    if (parts.password() != null) {
      config.setPassword(parts.password());
    }
    config.setPoolName("reprise");
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(5_000);
    config.setInitializationFailTimeout(1); // an unreachable server fails the open at once
    config.setReadOnly(readOnly);
    config.setAutoCommit(true);
    return new UrlPool(new HikariDataSource(config));
  }

  DataSource dataSource() {
    return pool;
  }

  /** Retires the pool's connections, so that the next ones are new (after a lost connection). */
  void evictConnections() {
    pool.getHikariPoolMXBean().softEvictConnections();
  }

  @Override
  public void close() {
    pool.close();
  }
}
