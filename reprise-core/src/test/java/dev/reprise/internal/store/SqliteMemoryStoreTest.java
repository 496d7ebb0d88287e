package dev.reprise.internal.store;

import dev.reprise.SqliteSynchronous;
import java.time.Duration;

class SqliteMemoryStoreTest extends StoreContract {
  @Override
  protected Store open() {
    return SqliteStores.open(
        new SqliteStores.Options(
            null, false, SqliteSynchronous.FULL, Duration.ofSeconds(5), "default"),
        0);
  }
}
