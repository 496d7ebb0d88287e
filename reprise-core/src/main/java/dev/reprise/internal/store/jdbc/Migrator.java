package dev.reprise.internal.store.jdbc;

import dev.reprise.StoreUnavailableException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Applies the migrations a database lacks, each in its own transaction. Opening an up-to-date
 * database writes nothing. A database newer than this code is refused, never downgraded.
 */
final class Migrator {
  private Migrator() {}

  /** The schema version recorded in the database, 0 when it has no Reprise schema yet. */
  static int currentVersion(Connection c) throws SQLException {
    if (!hasTable(c, Schema.SCHEMA_TABLE)) {
      return 0;
    }
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("select coalesce(max(version), 0) from " + Schema.SCHEMA_TABLE)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  static boolean hasTable(Connection c, String table) throws SQLException {
    try (ResultSet rs =
        c.getMetaData().getTables(null, c.getSchema(), table, new String[] {"TABLE"})) {
      while (rs.next()) {
        if (table.equalsIgnoreCase(rs.getString("TABLE_NAME"))) {
          return true;
        }
      }
      return false;
    }
  }

  static int latest(List<Migration> migrations) {
    return migrations.get(migrations.size() - 1).version();
  }

  /** Fails unless the database's schema is one this code can use as it is. */
  static void requireCurrent(String location, int found, List<Migration> migrations) {
    int latest = latest(migrations);
    if (found == 0) {
      throw new StoreUnavailableException(
          location, "not a Reprise database (no " + Schema.SCHEMA_TABLE + " table)", null);
    }
    if (found > latest) {
      throw new StoreUnavailableException(
          location,
          "schema version "
              + found
              + " is newer than this Reprise understands ("
              + latest
              + "); upgrade Reprise",
          null);
    }
    if (found < latest) {
      throw new StoreUnavailableException(
          location,
          "schema version "
              + found
              + " is older than "
              + latest
              + "; open it once read-write to migrate",
          null);
    }
  }

  static void migrate(String location, Connection c, List<Migration> migrations, long nowMillis)
      throws SQLException {
    int found = currentVersion(c);
    int latest = latest(migrations);
    if (found > latest) {
      requireCurrent(location, found, migrations);
    }
    if (found == latest) {
      return;
    }
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      if (found == 0) {
        s.execute(
            "create table if not exists "
                + Schema.SCHEMA_TABLE
                + " (version integer primary key, description text not null, applied_at bigint not null)");
      }
      for (Migration m : migrations) {
        if (m.version() <= found) {
          continue;
        }
        for (String sql : m.statements()) {
          s.execute(sql);
        }
        try (var ps =
            c.prepareStatement(
                "insert into "
                    + Schema.SCHEMA_TABLE
                    + " (version, description, applied_at) values (?, ?, ?)")) {
          ps.setInt(1, m.version());
          ps.setString(2, m.description());
          ps.setLong(3, nowMillis);
          ps.executeUpdate();
        }
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }
}
