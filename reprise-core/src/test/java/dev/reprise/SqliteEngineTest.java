package dev.reprise;

import dev.reprise.testing.TestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** Every engine contract on SQLite files. */
class SqliteEngineTest {
  @TempDir Path dir;
  private int made;

  TestDatabase newDatabase() {
    return TestDatabase.sqlite(dir.resolve("db-" + (++made) + ".db"));
  }

  @Nested
  class Sagas extends SagaContract {
    @Override
    protected TestDatabase newDatabase() {
      return SqliteEngineTest.this.newDatabase();
    }
  }

  @Nested
  class Signals extends SignalContract {
    @Override
    protected TestDatabase newDatabase() {
      return SqliteEngineTest.this.newDatabase();
    }
  }

  @Nested
  class Sleeps extends SleepContract {
    @Override
    protected TestDatabase newDatabase() {
      return SqliteEngineTest.this.newDatabase();
    }
  }

  @Nested
  class ChildRuns extends ChildRunContract {
    @Override
    protected TestDatabase newDatabase() {
      return SqliteEngineTest.this.newDatabase();
    }
  }

  @Nested
  class Schedules extends ScheduleContract {
    @Override
    protected TestDatabase newDatabase() {
      return SqliteEngineTest.this.newDatabase();
    }
  }

  @Nested
  class Deadlines extends DeadlineContract {
    @Override
    protected TestDatabase newDatabase() {
      return SqliteEngineTest.this.newDatabase();
    }
  }

  @Nested
  class Idempotency extends IdempotencyContract {
    @Override
    protected TestDatabase newDatabase() {
      return SqliteEngineTest.this.newDatabase();
    }
  }

  @Nested
  class HostileCode extends HostileCodeContract {
    @Override
    protected TestDatabase newDatabase() {
      return SqliteEngineTest.this.newDatabase();
    }
  }

  @Nested
  class Operators extends OperatorContract {
    @Override
    protected TestDatabase newDatabase() {
      return SqliteEngineTest.this.newDatabase();
    }
  }

  @Nested
  class Cascades extends CascadeContract {
    @Override
    protected TestDatabase newDatabase() {
      return SqliteEngineTest.this.newDatabase();
    }
  }

  @Nested
  class TagsAndPublish extends TagsAndPublishContract {
    @Override
    protected TestDatabase newDatabase() {
      return SqliteEngineTest.this.newDatabase();
    }
  }

  @Nested
  class Retention extends RetentionContract {
    @Override
    protected TestDatabase newDatabase() {
      return SqliteEngineTest.this.newDatabase();
    }
  }

  @Nested
  class ConcurrencyKeys extends ConcurrencyKeyContract {
    @Override
    protected TestDatabase newDatabase() {
      return SqliteEngineTest.this.newDatabase();
    }
  }
}
