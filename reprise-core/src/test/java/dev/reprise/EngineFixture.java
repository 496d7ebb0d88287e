package dev.reprise;

import dev.reprise.testing.TestDatabase;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * What every engine contract starts from: fresh databases of one kind, by name, for the test's
 * engines and clients. Each contract runs once per database ({@code SqliteEngineTest}, {@code
 * PostgresEngineTest}).
 */
public abstract class EngineFixture {
  private final Map<String, TestDatabase> databases = new LinkedHashMap<>();

  /** A fresh, empty database. */
  protected abstract TestDatabase newDatabase();

  /** This test's database of that name: the same one each time it is asked for. */
  protected TestDatabase db(String name) {
    return databases.computeIfAbsent(name, n -> newDatabase());
  }

  @AfterEach
  void dropDatabases() {
    databases.values().forEach(TestDatabase::close);
    databases.clear();
  }
}
