package dev.reprise.test.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A schema of a test's own on the PostgreSQL server at {@code REPRISE_PG_URL} (default {@code
 * jdbc:postgresql://127.0.0.1:5432/test?user=postgres}), dropped at close. Where no server answers,
 * the test is skipped with a loud message, or fails when {@code REPRISE_REQUIRE_PG=1}.
 */
public final class FreshSchema implements AutoCloseable {
  private static final String BASE_URL =
      System.getenv()
          .getOrDefault("REPRISE_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  private final String name;

  private FreshSchema(String name) {
    this.name = name;
  }

  public static FreshSchema create() {
    String name = "reprise_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = DriverManager.getConnection(BASE_URL);
        Statement s = c.createStatement()) {
      s.execute("create schema " + name);
      return new FreshSchema(name);
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

  /** The JDBC URL of this schema. */
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
