package dev.reprise.testing;

import dev.reprise.Reprise;
import java.nio.file.Path;

public final class Schemas {
  private Schemas() {}

  /** Creates an empty Reprise database, for tests that seed it by hand. */
  public static Path create(Path db) {
    Reprise.builder().sqlite(db).build().close();
    return db;
  }
}
