package dev.reprise.testing;

import dev.reprise.Reprise;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A database an engine test keeps its runs in, fresh for the test: an SQLite file or a schema of
 * the local PostgreSQL server. Several engines and clients of one test open it in turn, as
 * processes would.
 */
public interface TestDatabase extends AutoCloseable {

  /** A builder on this database. */
  Reprise.Builder builder();

  /** Raw SQL on this database, for what a test must see or do beside the engine. */
  Jdbc jdbc();

  /** Drops what the database left (a PostgreSQL schema); an SQLite file goes with its folder. */
  @Override
  void close();

  static TestDatabase sqlite(Path file) {
    return new TestDatabase() {
      @Override
      public Reprise.Builder builder() {
        return Reprise.builder().sqlite(file);
      }

      @Override
      public Jdbc jdbc() {
        return Jdbc.open(file);
      }

      @Override
      public void close() {}

      @Override
      public String toString() {
        return file.toString();
      }
    };
  }

  /**
   * A fresh schema on the local server (skipped loudly, or failed under {@code
   * REPRISE_REQUIRE_PG=1}, where none answers). Engines poll often and hold short leases, so that a
   * test that stops one and starts another sees the runs taken back quickly.
   */
  static TestDatabase postgres() {
    String schema = Postgres.createSchema();
    String url = Postgres.url(schema);
    return new TestDatabase() {
      @Override
      public Reprise.Builder builder() {
        return Reprise.builder()
            .postgres(url)
            .pollInterval(Duration.ofMillis(50))
            .leaseTtl(Duration.ofSeconds(2));
      }

      @Override
      public Jdbc jdbc() {
        return Jdbc.connect(url);
      }

      @Override
      public void close() {
        Postgres.dropSchema(schema);
      }

      @Override
      public String toString() {
        return "schema " + schema;
      }
    };
  }
}
