package dev.reprise.internal.store;

import dev.reprise.SqliteSynchronous;
import dev.reprise.internal.store.jdbc.SqliteStores;
import java.time.Duration;
import org.junit.jupiter.api.Nested;

/** Every store contract on a private in-memory SQLite database. */
class SqliteMemoryStoreTest {
  static Store open() {
    return SqliteStores.open(
        new SqliteStores.Options(
            null, false, SqliteSynchronous.FULL, Duration.ofSeconds(5), "default"),
        0);
  }

  @Nested
  class Journal extends JournalContract {
    @Override
    protected Store open() {
      return SqliteMemoryStoreTest.open();
    }
  }

  @Nested
  class Queue extends QueueContract {
    @Override
    protected Store open() {
      return SqliteMemoryStoreTest.open();
    }
  }

  @Nested
  class Reads extends ReadsContract {
    @Override
    protected Store open() {
      return SqliteMemoryStoreTest.open();
    }
  }

  @Nested
  class Operations extends OperationsContract {
    @Override
    protected Store open() {
      return SqliteMemoryStoreTest.open();
    }
  }

  @Nested
  class Leases extends LeasesContract {
    @Override
    protected Store open() {
      return SqliteMemoryStoreTest.open();
    }
  }

  @Nested
  class Schedules extends SchedulesContract {
    @Override
    protected Store open() {
      return SqliteMemoryStoreTest.open();
    }
  }

  @Nested
  class Audit extends AuditContract {
    @Override
    protected Store open() {
      return SqliteMemoryStoreTest.open();
    }
  }

  @Nested
  class Attributes extends AttributesContract {
    @Override
    protected Store open() {
      return SqliteMemoryStoreTest.open();
    }
  }

  @Nested
  class Retention extends RetentionContract {
    @Override
    protected Store open() {
      return SqliteMemoryStoreTest.open();
    }
  }
}
