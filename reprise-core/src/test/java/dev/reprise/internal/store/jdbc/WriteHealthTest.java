package dev.reprise.internal.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reprise.StoreConnectionException;
import dev.reprise.StoreFullException;
import dev.reprise.testing.Postgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer's word on whether the store takes writes, on each database for real: failing from a
 * write the store refused until a commit that changed something, which a commit that changed
 * nothing (and needed no space) is not.
 */
class WriteHealthTest {
  @TempDir Path dir;

  private static final SqlWork<Integer> CHANGE_NOTHING =
      tx -> tx.prepare("update t set v = v + 1 where v < 0").executeUpdate();
  private static final SqlWork<Integer> INSERT =
      tx -> tx.prepare("insert into t (v) values (1)").executeUpdate();

  @Test
  void onSqliteAFullFileIsReportedUntilAWriteThatChangesARowGoesThrough() throws Exception {
    Path file = dir.resolve("health.db");
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
    try (Statement s = c.createStatement()) {
      s.execute("create table t (v integer, pad blob)");
      s.execute("pragma max_page_count = 1"); // no more than its size: full
    }
    JournalWriter writer =
        new JournalWriter(
            "test-writer", file.toString(), new SqliteDialect(), c, new ReentrantLock(), 5, null);
    try {
      assertThat(writer.health().current()).isEmpty();
      assertThatThrownBy(
              () ->
                  writer.execute(
                      tx ->
                          tx.prepare("insert into t (v, pad) values (0, randomblob(100000))")
                              .executeUpdate()))
          .isInstanceOf(StoreFullException.class)
          .hasMessageStartingWith(file + ": journal write: the disk is full");
      assertThat(writer.health().current().orElseThrow().error())
          .isInstanceOf(StoreFullException.class);

      writer.execute(CHANGE_NOTHING);
      writer.execute(tx -> tx.prepare("pragma max_page_count = 4294967294").executeQuery().next());
      assertThat(writer.health().failing()).as("nothing changed yet").isTrue();

      writer.execute(INSERT);
      assertThat(writer.health().current()).isEmpty();
    } finally {
      writer.close();
    }
  }

  @Test
  void onPostgresALostConnectionIsReportedUntilAWriteThatChangesARowGoesThrough() throws Exception {
    String schema = Postgres.createSchema();
    String url = Postgres.url(schema);
    Connection c = Postgres.connect(url);
    try (Statement s = c.createStatement()) {
      s.execute("create table t (v integer)");
    }
    JournalWriter writer =
        new JournalWriter(
            "test-writer",
            "postgres " + schema,
            new PostgresDialect(),
            c,
            new ReentrantLock(),
            5,
            () -> Postgres.connect(url));
    try {
      // the writer reconnects and applies it again, which ends that session too
      assertThatThrownBy(
              () ->
                  writer.execute(
                      tx -> tx.prepare("select pg_terminate_backend(pg_backend_pid())").execute()))
          .isInstanceOf(StoreConnectionException.class)
          .hasMessageStartingWith("postgres " + schema + ": journal write: the connection broke");
      assertThat(writer.health().failing()).isTrue();

      writer.execute(CHANGE_NOTHING);
      assertThat(writer.health().failing()).as("a transaction that wrote nothing").isTrue();

      writer.execute(INSERT);
      assertThat(writer.health().current()).isEmpty();
    } finally {
      writer.close();
      Postgres.dropSchema(schema);
    }
  }
}
