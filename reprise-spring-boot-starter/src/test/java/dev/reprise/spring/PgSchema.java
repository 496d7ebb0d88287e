package dev.reprise.spring;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A schema of its own on the test PostgreSQL server ({@code REPRISE_PG_URL}, default {@code
 * jdbc:postgresql://127.0.0.1:5432/test?user=postgres}), dropped at close; the test is skipped when
 * no server is reachable, unless {@code REPRISE_REQUIRE_PG=1}.
 */
public final class PgSchema implements AutoCloseable {
  private static final String BASE =
      System.getenv()
          .getOrDefault("REPRISE_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  private final String name;

  private PgSchema(String name) {
    this.name = name;
  }

  public static PgSchema create() {
    String name = "reprise_s_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = DriverManager.getConnection(BASE);
        Statement s = c.createStatement()) {
      s.execute("create schema " + name);
    } catch (SQLException e) {
      if ("1".equals(System.getenv("REPRISE_REQUIRE_PG"))) {
        throw new IllegalStateException("PostgreSQL is not reachable at " + BASE, e);
      }
      Assumptions.abort("PostgreSQL is not reachable at " + BASE + ": " + e.getMessage());
    }
    return new PgSchema(name);
  }

  /** The JDBC URL of this schema. */
  public String url() {
    return BASE + (BASE.contains("?") ? "&" : "?") + "currentSchema=" + name;
  }

  /** How many tables the schema holds. */
  public int tables() throws SQLException {
    try (Connection c = DriverManager.getConnection(BASE);
        var ps =
            c.prepareStatement(
                "select count(*) from information_schema.tables where table_schema = ?")) {
      ps.setString(1, name);
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  @Override
  public void close() throws SQLException {
    try (Connection c = DriverManager.getConnection(BASE);
        Statement s = c.createStatement()) {
      s.execute("drop schema if exists " + name + " cascade");
    }
  }
}
