package dev.reprise.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The local PostgreSQL server as the benchmarks use it: one database of their own ({@value
 * #DATABASE}, created if missing) and a fresh schema per system and repetition, dropped after it,
 * so that nothing collides with the tests' databases or with another system's tables.
 */
final class Pg {
  static final String DEFAULT_SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  static final String DATABASE = "reprise_bench";
  static final String USER = "postgres";

  private final String server;

  /** {@code server} is a JDBC URL ending in {@code /}, without a database name. */
  Pg(String server) {
    this.server = server.endsWith("/") ? server : server + "/";
  }

  /** Whether the server answers; the reason when it does not. */
  String unreachableReason() {
    try (Connection c = DriverManager.getConnection(server + "postgres", properties())) {
      return c.isValid(5) ? null : "PostgreSQL at " + server + " does not answer";
    } catch (SQLException e) {
      return "PostgreSQL at " + server + " is not reachable: " + e.getMessage();
    }
  }

  /** Creates the benchmark database when it is missing. */
  void ensureDatabase() throws SQLException {
    try (Connection c = DriverManager.getConnection(server + "postgres", properties());
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
        if (rs.next()) {
          return;
        }
      }
      s.execute("create database " + DATABASE);
    }
  }

  String version() throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("show server_version")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** A setting of the server, e.g. {@code synchronous_commit}. */
  String setting(String name) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("show " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** The JDBC URL of the benchmark database, without parameters. */
  String url() {
    return server + DATABASE;
  }

  /** The JDBC URL of the benchmark database with {@code schema} first in the search path. */
  String url(String schema) {
    return url() + "?user=" + USER + "&currentSchema=" + schema;
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), properties());
  }

  /** Drops {@code schema} if it exists, with everything in it, and creates it empty. */
  String freshSchema(String schema) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("drop schema if exists " + schema + " cascade");
      s.execute("create schema " + schema);
    }
    return schema;
  }

  void dropSchema(String schema) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("drop schema if exists " + schema + " cascade");
    }
  }

  /** Drops every schema whose name starts with {@code prefix}. */
  void dropSchemas(String prefix) throws SQLException {
    List<String> schemas = new ArrayList<>();
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select nspname from pg_namespace where nspname like '" + prefix + "%'")) {
      while (rs.next()) {
        schemas.add(rs.getString(1));
      }
    }
    for (String schema : schemas) {
      dropSchema(schema);
    }
  }

  /** A schema name for the fresh database file name a repetition was given. */
  static String schemaFor(Path database) {
    String name = database.getFileName().toString().replaceFirst("\\.db$", "");
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
  }

  /** A pool of {@code size} connections whose search path starts with {@code schema}. */
  HikariDataSource pool(String schema, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url());
    config.setUsername(USER);
    config.setSchema(schema);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(size);
    config.setPoolName("bench-" + schema);
    return new HikariDataSource(config);
  }

  private static Properties properties() {
    Properties p = new Properties();
    p.setProperty("user", USER);
    return p;
  }
}
