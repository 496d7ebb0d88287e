package dev.reprise.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The local PostgreSQL server for tests, each in a schema of its own so that runs never see each
 * other's data. Where no server is reachable the test is skipped with a loud message, unless {@code
 * REPRISE_REQUIRE_PG=1} (as in CI), which makes it a failure. {@code REPRISE_PG_URL} names another
 * server (default {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}).
 */
public final class Postgres {
  public static final String BASE_URL =
      System.getenv()
          .getOrDefault("REPRISE_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  private Postgres() {}

  /** Creates a fresh schema and returns its name; skips or fails when there is no server. */
  public static String createSchema() {
    String schema = "reprise_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = connect(BASE_URL);
        Statement s = c.createStatement()) {
      s.execute("create schema " + schema);
      return schema;
    } catch (SQLException e) {
      String message =
          "\n*** PostgreSQL is not reachable at "
              + BASE_URL
              + " ("
              + e.getMessage()
              + "): PostgreSQL tests are SKIPPED. Set REPRISE_REQUIRE_PG=1 to make this a failure."
              + " ***\n";
      if ("1".equals(System.getenv("REPRISE_REQUIRE_PG"))) {
        throw new IllegalStateException(
            "REPRISE_REQUIRE_PG=1 but PostgreSQL is not reachable at " + BASE_URL, e);
      }
      System.err.println(message);
      Assumptions.abort(message);
      throw new AssertionError("unreachable");
    }
  }

  /** The JDBC URL of a schema made by {@link #createSchema()}. */
  public static String url(String schema) {
    return BASE_URL + (BASE_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  public static void dropSchema(String schema) {
    if (schema == null) {
      return;
    }
    try (Connection c = connect(BASE_URL);
        Statement s = c.createStatement()) {
      s.execute("drop schema if exists " + schema.toLowerCase(Locale.ROOT) + " cascade");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Connection connect(String url) throws SQLException {
    return DriverManager.getConnection(url);
  }
}
