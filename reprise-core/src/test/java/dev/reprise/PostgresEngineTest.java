package dev.reprise;

import dev.reprise.testing.TestDatabase;
import org.junit.jupiter.api.Nested;

/** Every engine contract on the local PostgreSQL server, each database a fresh schema. */
class PostgresEngineTest {
  TestDatabase newDatabase() {
    return TestDatabase.postgres();
  }

  @Nested
  class Sagas extends SagaContract {
    @Override
    protected TestDatabase newDatabase() {
      return PostgresEngineTest.this.newDatabase();
    }
  }

  @Nested
  class Signals extends SignalContract {
    @Override
    protected TestDatabase newDatabase() {
      return PostgresEngineTest.this.newDatabase();
    }
  }

  @Nested
  class Sleeps extends SleepContract {
    @Override
    protected TestDatabase newDatabase() {
      return PostgresEngineTest.this.newDatabase();
    }
  }

  @Nested
  class ChildRuns extends ChildRunContract {
    @Override
    protected TestDatabase newDatabase() {
      return PostgresEngineTest.this.newDatabase();
    }
  }

  @Nested
  class Schedules extends ScheduleContract {
    @Override
    protected TestDatabase newDatabase() {
      return PostgresEngineTest.this.newDatabase();
    }
  }

  @Nested
  class Deadlines extends DeadlineContract {
    @Override
    protected TestDatabase newDatabase() {
      return PostgresEngineTest.this.newDatabase();
    }
  }

  @Nested
  class Idempotency extends IdempotencyContract {
    @Override
    protected TestDatabase newDatabase() {
      return PostgresEngineTest.this.newDatabase();
    }
  }

  @Nested
  class HostileCode extends HostileCodeContract {
    @Override
    protected TestDatabase newDatabase() {
      return PostgresEngineTest.this.newDatabase();
    }
  }

  @Nested
  class Operators extends OperatorContract {
    @Override
    protected TestDatabase newDatabase() {
      return PostgresEngineTest.this.newDatabase();
    }
  }

  @Nested
  class Cascades extends CascadeContract {
    @Override
    protected TestDatabase newDatabase() {
      return PostgresEngineTest.this.newDatabase();
    }
  }

  @Nested
  class TagsAndPublish extends TagsAndPublishContract {
    @Override
    protected TestDatabase newDatabase() {
      return PostgresEngineTest.this.newDatabase();
    }
  }

  @Nested
  class Retention extends RetentionContract {
    @Override
    protected TestDatabase newDatabase() {
      return PostgresEngineTest.this.newDatabase();
    }
  }

  @Nested
  class ConcurrencyKeys extends ConcurrencyKeyContract {
    @Override
    protected TestDatabase newDatabase() {
      return PostgresEngineTest.this.newDatabase();
    }
  }
}
