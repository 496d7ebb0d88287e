package dev.reprise.internal.store;

import dev.reprise.SqliteSynchronous;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

class SqliteFileStoreTest extends StoreContract {
  @TempDir Path dir;

  @Override
  protected Store open() {
    return SqliteStores.open(
        new SqliteStores.Options(
            dir.resolve("contract.db"),
            false,
            SqliteSynchronous.FULL,
            Duration.ofSeconds(5),
            "default"),
        0);
  }
}
