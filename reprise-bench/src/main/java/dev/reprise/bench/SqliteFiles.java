package dev.reprise.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.reprise.SqliteSynchronous;
import java.nio.file.Path;

/**
 * Connection pools on an SQLite file for the peers, with the settings Reprise uses: WAL, the same
 * {@code synchronous}, a 10 s busy timeout, foreign keys on.
 */
final class SqliteFiles {
  private SqliteFiles() {}

  static HikariDataSource pool(Path file, SqliteSynchronous synchronous, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath());
    config.addDataSourceProperty("journal_mode", "WAL");
    config.addDataSourceProperty("synchronous", synchronous.name());
    config.addDataSourceProperty("busy_timeout", "10000");
    config.addDataSourceProperty("foreign_keys", "true");
    config.setMaximumPoolSize(size);
    config.setPoolName("bench-sqlite-" + file.getFileName());
    return new HikariDataSource(config);
  }
}
