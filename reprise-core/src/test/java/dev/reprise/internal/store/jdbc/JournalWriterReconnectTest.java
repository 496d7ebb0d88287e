package dev.reprise.internal.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reprise.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer's way back to a database that was away for a while: its connection closed (as a pool
 * closes one it saw break), a first reconnect failing (the server still down), then one that works.
 */
class JournalWriterReconnectTest {
  @TempDir Path dir;

  @Test
  void aWriteAfterAFailedReconnectOpensAnotherConnection() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("writer.db");
    Connection first = DriverManager.getConnection(url);
    try (Statement s = first.createStatement()) {
      s.execute("create table t (v integer)");
    }
    AtomicInteger opens = new AtomicInteger();
    Readers.Opener reopen =
        () -> {
          if (opens.incrementAndGet() == 1) {
            throw new SQLException("the server is still down", "08001");
          }
          return DriverManager.getConnection(url);
        };
    SqlWork<Integer> insert = tx -> tx.prepare("insert into t (v) values (1)").executeUpdate();
    JournalWriter writer =
        new JournalWriter(
            "test-writer", "test.db", new SqliteDialect(), first, new ReentrantLock(), 5, reopen);
    try {
      first.close();
      assertThatThrownBy(() -> writer.execute(insert)).isInstanceOf(StoreException.class);
      assertThat(writer.execute(insert)).isEqualTo(1);
      assertThat(opens).hasValue(2);
    } finally {
      writer.close();
    }
  }
}
