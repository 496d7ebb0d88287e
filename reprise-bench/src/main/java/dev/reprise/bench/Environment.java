package dev.reprise.bench;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.SQLException;

/** What the numbers were measured on, printed above them. */
record Environment(
    String jdk,
    int cores,
    String sqliteJdbc,
    String sqlite,
    String fileStore,
    String fileStoreType) {

  static Environment describe(Path dir) throws IOException, SQLException {
    String driver;
    String library;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
      DatabaseMetaData meta = c.getMetaData();
      driver = meta.getDriverVersion();
      library = meta.getDatabaseProductVersion();
    }
    FileStore store = Files.getFileStore(dir);
    return new Environment(
        System.getProperty("java.vm.vendor") + " " + Runtime.version(),
        Runtime.getRuntime().availableProcessors(),
        driver,
        library,
        store.name(),
        store.type());
  }

  /**
   * True when the directory is in memory, where an fsync costs nothing and the reference is moot.
   */
  boolean inMemoryFileSystem() {
    return fileStoreType.equals("tmpfs") || fileStoreType.equals("ramfs");
  }

  String summary() {
    return "JDK "
        + jdk
        + ", "
        + cores
        + " cores, sqlite-jdbc "
        + sqliteJdbc
        + " (SQLite "
        + sqlite
        + "), filesystem "
        + fileStore
        + " ("
        + fileStoreType
        + ")";
  }
}
