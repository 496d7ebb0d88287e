package dev.reprise.internal.store;

import dev.reprise.testing.Postgres;
import org.junit.jupiter.api.AfterEach;

class PostgresStoreTest extends StoreContract {
  private String schema;

  @Override
  protected Store open() {
    schema = Postgres.createSchema();
    return PostgresStores.open(
        new PostgresStores.Options(
            Postgres.url(schema), null, false, "default", java.time.Duration.ofSeconds(10)),
        0);
  }

  @AfterEach
  void dropSchema() {
    if (store != null) {
      store.close();
      store = null;
      Postgres.dropSchema(schema);
    }
  }
}
