package dev.reprise.internal.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.reprise.StoreConflictException;
import dev.reprise.StoreConnectionException;
import dev.reprise.StoreCorruptedException;
import dev.reprise.StoreFullException;
import dev.reprise.StoreUnavailableException;
import dev.reprise.testing.Postgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Database failures become the exception a caller can act on, from real SQLite and PostgreSQL. */
class StoreErrorsTest {
  @TempDir Path dir;

  private static RuntimeException translated(Connection c, String... statements) {
    Throwable thrown =
        catchThrowable(
            () -> {
              try (Statement s = c.createStatement()) {
                for (String sql : statements) {
                  s.execute(sql);
                }
              }
            });
    assertThat(thrown).isInstanceOf(SQLException.class);
    return StoreErrors.translate("test", thrown);
  }

  @Test
  void aFullSqliteDatabaseIsAStoreFullException() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("full.db"))) {
      RuntimeException e =
          translated(
              c,
              "create table t (x text)",
              "pragma max_page_count = 3",
              "insert into t values (randomblob(100000))");
      assertThat(e).isInstanceOf(StoreFullException.class).hasMessageContaining("full");
    }
  }

  @Test
  void aDamagedSqliteFileIsAStoreCorruptedException() throws Exception {
    Path file = dir.resolve("damaged.db");
    Files.write(
        file, "this is not a database, it only has a name that says so".repeat(200).getBytes());
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      assertThat(translated(c, "select * from sqlite_master"))
          .isInstanceOf(StoreCorruptedException.class);
    }
  }

  @Test
  void aTakenKeyIsAStoreConflictExceptionOnBothDatabases() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("c.db"))) {
      assertThat(
              translated(
                  c,
                  "create table t (x text primary key)",
                  "insert into t values ('a')",
                  "insert into t values ('a')"))
          .isInstanceOf(StoreConflictException.class);
    }
    String schema = Postgres.createSchema();
    try (Connection c = Postgres.connect(Postgres.url(schema))) {
      assertThat(
              translated(
                  c,
                  "create table t (x text primary key)",
                  "insert into t values ('a')",
                  "insert into t values ('a')"))
          .isInstanceOf(StoreConflictException.class);
    } finally {
      Postgres.dropSchema(schema);
    }
  }

  @Test
  void aTerminatedPostgresSessionIsAStoreConnectionException() throws SQLException {
    String schema = Postgres.createSchema();
    try (Connection c = Postgres.connect(Postgres.url(schema))) {
      assertThat(translated(c, "select pg_terminate_backend(pg_backend_pid())", "select 1"))
          .isInstanceOf(StoreConnectionException.class);
    } finally {
      Postgres.dropSchema(schema);
    }
  }

  @Test
  void serverStatesMapByTheirClass() {
    assertThat(StoreErrors.translate("t", new SQLException("disk", "53100")))
        .isInstanceOf(StoreFullException.class);
    assertThat(StoreErrors.translate("t", new SQLException("page", "XX001")))
        .isInstanceOf(StoreCorruptedException.class);
    assertThat(StoreErrors.translate("t", new SQLException("gone", "08006")))
        .isInstanceOf(StoreConnectionException.class);
    assertThat(StoreErrors.translate("t", new SQLException("syntax", "42601")))
        .isInstanceOf(StoreUnavailableException.class);
  }

  @Test
  void aFullDiskNamesTheStoreWhoseDiskFilledTheSqliteFileOrThePostgresServer() {
    RuntimeException file =
        StoreErrors.translate(
            "/var/lib/reprise/reprise.db",
            "journal write",
            new org.sqlite.SQLiteException(
                "[SQLITE_FULL] database or disk is full", org.sqlite.SQLiteErrorCode.SQLITE_FULL));
    assertThat(file)
        .isInstanceOf(StoreFullException.class)
        .hasMessage(
            "/var/lib/reprise/reprise.db: journal write: the disk is full: [SQLITE_FULL] database"
                + " or disk is full");
    assertThat(((StoreFullException) file).location()).isEqualTo("/var/lib/reprise/reprise.db");

    RuntimeException server =
        StoreErrors.translate(
            "jdbc:postgresql://db:5432/reprise (schema ops)",
            "journal write",
            new SQLException("ERROR: could not extend file: No space left on device", "53100"));
    assertThat(server)
        .isInstanceOf(StoreFullException.class)
        .hasMessage(
            "jdbc:postgresql://db:5432/reprise (schema ops): journal write: the database server's"
                + " disk is full: ERROR: could not extend file: No space left on device");
  }
}
