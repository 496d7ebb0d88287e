package dev.reprise.internal.store;

import dev.reprise.SqliteSynchronous;
import dev.reprise.internal.store.jdbc.SqliteStores;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** Every store contract on an SQLite file, as the engine opens one. */
class SqliteFileStoreTest {
  @TempDir Path dir;

  Store open() {
    return SqliteStores.open(
        new SqliteStores.Options(
            dir.resolve("contract.db"),
            false,
            SqliteSynchronous.FULL,
            Duration.ofSeconds(5),
            "default"),
        0);
  }

  @Nested
  class Journal extends JournalContract {
    @Override
    protected Store open() {
      return SqliteFileStoreTest.this.open();
    }
  }

  @Nested
  class Queue extends QueueContract {
    @Override
    protected Store open() {
      return SqliteFileStoreTest.this.open();
    }
  }

  @Nested
  class Reads extends ReadsContract {
    @Override
    protected Store open() {
      return SqliteFileStoreTest.this.open();
    }
  }

  @Nested
  class Operations extends OperationsContract {
    @Override
    protected Store open() {
      return SqliteFileStoreTest.this.open();
    }
  }

  @Nested
  class Leases extends LeasesContract {
    @Override
    protected Store open() {
      return SqliteFileStoreTest.this.open();
    }
  }

  @Nested
  class Schedules extends SchedulesContract {
    @Override
    protected Store open() {
      return SqliteFileStoreTest.this.open();
    }
  }

  @Nested
  class Audit extends AuditContract {
    @Override
    protected Store open() {
      return SqliteFileStoreTest.this.open();
    }
  }

  @Nested
  class Attributes extends AttributesContract {
    @Override
    protected Store open() {
      return SqliteFileStoreTest.this.open();
    }
  }

  @Nested
  class Retention extends RetentionContract {
    @Override
    protected Store open() {
      return SqliteFileStoreTest.this.open();
    }
  }
}
