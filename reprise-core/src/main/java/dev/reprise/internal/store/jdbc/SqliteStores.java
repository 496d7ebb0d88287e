package dev.reprise.internal.store.jdbc;

import dev.reprise.SqliteSynchronous;
import dev.reprise.StoreUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Opens SQLite stores: a file read-write (migrating it), a file read-only, or in memory. */
public final class SqliteStores {
  private static final int READERS = 4;
  private static final long LINGER_MILLIS = 20;

  /** How to open. {@code path} null means in memory. */
  public record Options(
      Path path,
      boolean readOnly,
      SqliteSynchronous synchronous,
      Duration busyTimeout,
      String namespace) {}

  private SqliteStores() {}

  /** Where nothing needs locking: a read-only store executes nothing. */
  static final java.util.function.Supplier<AutoCloseable> NO_LOCK = () -> () -> {};

  public static JdbcStore open(Options o, long nowMillis) {
    Dialect dialect = new SqliteDialect();
    if (o.path() == null) {
      return openMemory(o, dialect, nowMillis);
    }
    String location = o.path().toString();
    return o.readOnly()
        ? openReadOnly(o, dialect, location)
        : openReadWrite(o, dialect, location, nowMillis);
  }

  private static JdbcStore openReadWrite(
      Options o, Dialect dialect, String location, long nowMillis) {
    Path path = o.path().toAbsolutePath();
    try {
      if (Files.exists(path) && Files.size(path) > 0) {
        inspectExisting(path, dialect, location);
      } else {
        createOwnerOnly(path);
      }
    } catch (java.io.IOException e) {
      throw new StoreUnavailableException(location, "cannot open: " + e.getMessage(), e);
    }
    Connection writer = null;
    try {
      writer = connect(path, writerConfig(o));
      requireIntact(writer, path, location);
      Migrator.migrate(location, writer, dialect.migrations(), nowMillis);
      SQLiteConfig readerConfig = readerConfig(o);
      Readers readers = Readers.pooled(() -> connect(path, readerConfig), READERS);
      JournalWriter journal =
          new JournalWriter(
              "reprise-writer",
              location,
              dialect,
              writer,
              new ReentrantLock(),
              LINGER_MILLIS,
              null);
      return new JdbcStore(
          location,
          dialect,
          o.namespace(),
          journal,
          readers,
          null,
          () -> ExecutionLock.acquire(path, location));
    } catch (SQLException e) {
      closeQuietly(writer);
      throw failure(location, e);
    }
  }

  private static JdbcStore openReadOnly(Options o, Dialect dialect, String location) {
    Path path = o.path().toAbsolutePath();
    if (!Files.isRegularFile(path)) {
      throw new StoreUnavailableException(location, "no such database file", null);
    }
    SQLiteConfig config = readerConfig(o);
    try (Connection probe = connect(path, config)) {
      Migrator.requireCurrent(location, Migrator.currentVersion(probe), dialect.migrations());
    } catch (SQLException e) {
      throw failure(location, e);
    }
    return new JdbcStore(
        location,
        dialect,
        o.namespace(),
        null,
        Readers.pooled(() -> connect(path, config), READERS),
        null,
        NO_LOCK);
  }

  private static JdbcStore openMemory(Options o, Dialect dialect, long nowMillis) {
    try {
      SQLiteConfig config = new SQLiteConfig();
      config.enforceForeignKeys(true);
      config.setGetGeneratedKeys(false);
      Connection c = DriverManager.getConnection("jdbc:sqlite::memory:", config.toProperties());
      Migrator.migrate(":memory:", c, dialect.migrations(), nowMillis);
      ReentrantLock lock = new ReentrantLock();
      JournalWriter journal =
          new JournalWriter("reprise-writer", ":memory:", dialect, c, lock, LINGER_MILLIS, null);
      // a private in-memory database: only this store's engine can execute its runs
      return new JdbcStore(
          ":memory:", dialect, o.namespace(), journal, Readers.shared(c, lock), null, NO_LOCK);
    } catch (SQLException e) {
      throw failure(":memory:", e);
    }
  }

  /**
   * Creates a new database file readable by its owner only (0600), in directories made 0700, so
   * that no umask leaves the runs' inputs and outputs readable by other users. SQLite gives the
   * {@code -wal} and {@code -shm} files the mode of the database file.
   */
  private static void createOwnerOnly(Path path) throws java.io.IOException {
    Path parent = path.getParent();
    boolean posix =
        java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    if (parent != null && !Files.isDirectory(parent)) {
      if (posix) {
        Files.createDirectories(
            parent,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(parent);
      }
    }
    if (Files.isSymbolicLink(path) && !Files.exists(path)) {
      // SQLite would create the target, and its -wal and -shm, wherever the link points, with the
      // umask's mode: a file someone else chose the place of
      throw new java.io.IOException(
          path + " is a symbolic link to a missing file; name the database's real path instead");
    }
    if (posix && !Files.exists(path)) {
      try {
        Files.createFile(
            path,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (java.nio.file.FileAlreadyExistsException raced) {
        // another process created it first
      }
    }
  }

  /** Files up to this size are checked at every open; larger ones by {@code diag check}. */
  static final long CHECKED_AT_OPEN = 512L * 1024 * 1024;

  /**
   * Refuses a damaged database before anything is written to it: SQLite's {@code quick_check} (the
   * structure of every page; bounded to files of {@link #CHECKED_AT_OPEN} or less, a few seconds at
   * most), stopping at the first problem.
   */
  private static void requireIntact(Connection c, Path path, String location) throws SQLException {
    long size;
    try {
      size = Files.exists(path) ? Files.size(path) : 0;
    } catch (java.io.IOException e) {
      size = 0;
    }
    if (size == 0 || size > CHECKED_AT_OPEN) {
      return;
    }
    String found = integrity(c, "quick_check(1)");
    if (!found.equals("ok")) {
      throw new dev.reprise.StoreCorruptedException(
          location,
          "the database is damaged ("
              + found
              + "); nothing was written to it. Restore it from a backup, or see what is damaged"
              + " with 'reprise diag check --db "
              + location
              + "'",
          null);
    }
  }

  /** The result of an integrity pragma: {@code ok}, or its first lines. */
  static String integrity(Connection c, String pragma) throws SQLException {
    List<String> lines = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("pragma " + pragma)) {
      while (rs.next() && lines.size() < 20) {
        lines.add(rs.getString(1));
      }
    }
    return String.join("; ", lines);
  }

  /** Refuses, without writing, a file that is not SQLite, not Reprise's, or of a newer schema. */
  private static void inspectExisting(Path path, Dialect dialect, String location) {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    try (Connection c = connect(path, config)) {
      int version = Migrator.currentVersion(c);
      if (version == 0) {
        List<String> tables = tables(c);
        if (!tables.isEmpty()) {
          throw new StoreUnavailableException(
              location, "not a Reprise database (it holds other tables: " + tables + ")", null);
        }
      } else if (version > Migrator.latest(dialect.migrations())) {
        Migrator.requireCurrent(location, version, dialect.migrations());
      }
    } catch (SQLException e) {
      throw failure(location, e);
    }
  }

  private static List<String> tables(Connection c) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("select name from sqlite_master where type = 'table' order by name")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  private static SQLiteConfig writerConfig(Options o) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(
        o.synchronous() == SqliteSynchronous.NORMAL
            ? SQLiteConfig.SynchronousMode.NORMAL
            : SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout((int) o.busyTimeout().toMillis());
    config.enforceForeignKeys(true);
    // no "select last_insert_rowid()" after every insert: Reprise never reads generated keys
    config.setGetGeneratedKeys(false);
    return config;
  }

  private static SQLiteConfig readerConfig(Options o) {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout((int) o.busyTimeout().toMillis());
    return config;
  }

  private static Connection connect(Path path, SQLiteConfig config) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + path, config.toProperties());
  }

  private static dev.reprise.StoreException failure(String location, SQLException e) {
    if (e instanceof SQLiteException s && s.getResultCode() == SQLiteErrorCode.SQLITE_NOTADB) {
      return new StoreUnavailableException(location, "not an SQLite database", e);
    }
    if (StoreErrors.causeOf(e) == StoreErrors.Cause.CORRUPTED) {
      return new dev.reprise.StoreCorruptedException(
          location,
          "the database is damaged ("
              + e.getMessage()
              + "); restore it from a backup, or see what is damaged with 'reprise diag check'",
          e);
    }
    return new StoreUnavailableException(location, "cannot open: " + e.getMessage(), e);
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // already failing
      }
    }
  }
}
