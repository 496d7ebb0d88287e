package dev.reprise.internal.store;

import dev.reprise.internal.store.jdbc.PostgresStores;
import dev.reprise.testing.Postgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/**
 * The store contracts whose statements a pool setting changes (batched inserts, prepared
 * statements: the audit log and retention rows, which are neither, run on the plain pool only) on a
 * pool whose driver rewrites batched inserts and prepares no statement on the server, as many
 * applications configure pgjdbc.
 */
class PostgresRewritingPoolStoreTest {
  private final List<String> schemas = new ArrayList<>();

  Store open() {
    String schema = Postgres.createSchema();
    schemas.add(schema);
    return PostgresStores.open(
        new PostgresStores.Options(
            Postgres.url(schema) + "&reWriteBatchedInserts=true&prepareThreshold=0",
            null,
            false,
            "default",
            Duration.ofSeconds(10)),
        0);
  }

  /** After each test's own close of its store. */
  @AfterEach
  void dropSchemas() {
    schemas.forEach(Postgres::dropSchema);
  }

  @Nested
  class Journal extends JournalContract {
    @Override
    protected Store open() {
      return PostgresRewritingPoolStoreTest.this.open();
    }
  }

  @Nested
  class Queue extends QueueContract {
    @Override
    protected Store open() {
      return PostgresRewritingPoolStoreTest.this.open();
    }
  }

  @Nested
  class Reads extends ReadsContract {
    @Override
    protected Store open() {
      return PostgresRewritingPoolStoreTest.this.open();
    }
  }

  @Nested
  class Operations extends OperationsContract {
    @Override
    protected Store open() {
      return PostgresRewritingPoolStoreTest.this.open();
    }
  }

  @Nested
  class Leases extends LeasesContract {
    @Override
    protected Store open() {
      return PostgresRewritingPoolStoreTest.this.open();
    }
  }

  @Nested
  class Schedules extends SchedulesContract {
    @Override
    protected Store open() {
      return PostgresRewritingPoolStoreTest.this.open();
    }
  }

  @Nested
  class Attributes extends AttributesContract {
    @Override
    protected Store open() {
      return PostgresRewritingPoolStoreTest.this.open();
    }
  }
}
