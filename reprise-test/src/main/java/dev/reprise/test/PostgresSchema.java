package dev.reprise.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A schema of a test's own on the PostgreSQL server at {@code REPRISE_PG_URL} (default {@code
 * jdbc:postgresql://127.0.0.1:5432/test?user=postgres}), dropped at close, so that tests never see
 * each other's data. Where no server answers, the test is skipped with a loud message, or fails
 * when {@code REPRISE_REQUIRE_PG=1}. {@link RepriseTest#postgres()} uses one; make one by hand for
 * a test that hands Reprise its own {@code DataSource}:
 *
 * <pre>{@code
 * try (PostgresSchema schema = PostgresSchema.create()) {
 *   HikariDataSource pool = new HikariDataSource();
 *   pool.setJdbcUrl(schema.url());
 *   ...
 * }
 * }</pre>
 */
public final class PostgresSchema implements AutoCloseable {
  private static final String BASE_URL =
      System.getenv()
          .getOrDefault("REPRISE_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  private final String name;

  private PostgresSchema(String name) {
    this.name = name;
  }

  public static PostgresSchema create() {
    String name = "reprise_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = DriverManager.getConnection(BASE_URL);
        Statement s = c.createStatement()) {
      s.execute("create schema " + name);
      return new PostgresSchema(name);
    } catch (SQLException e) {
      String message =
          "\n*** PostgreSQL is not reachable at "
              + BASE_URL
              + " ("
              + e.getMessage()
              + "): this PostgreSQL test is SKIPPED. Set REPRISE_REQUIRE_PG=1 to make it a"
              + " failure. ***\n";
      if ("1".equals(System.getenv("REPRISE_REQUIRE_PG"))) {
        throw new IllegalStateException(
            "REPRISE_REQUIRE_PG=1 but PostgreSQL is not reachable at " + BASE_URL, e);
      }
      System.err.println(message);
      Assumptions.abort(message);
      throw new AssertionError("unreachable");
    }
  }

  /** The schema's name. */
  public String name() {
    return name;
  }

  /** How many tables the schema holds. */
  public int tables() {
    try (Connection c = DriverManager.getConnection(BASE_URL);
        java.sql.PreparedStatement ps =
            c.prepareStatement(
                "select count(*) from information_schema.tables where table_schema = ?")) {
      ps.setString(1, name);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot count the tables of schema " + name, e);
    }
  }

  /** The JDBC URL of this schema (the server's URL with {@code currentSchema}). */
  public String url() {
    return BASE_URL + (BASE_URL.contains("?") ? "&" : "?") + "currentSchema=" + name;
  }

  @Override
  public void close() {
    try (Connection c = DriverManager.getConnection(BASE_URL);
        Statement s = c.createStatement()) {
      s.execute("drop schema if exists " + name + " cascade");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop the test's schema " + name, e);
    }
  }
}
