package dev.reprise.daemon.ops;

import dev.reprise.daemon.CommandFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks that a database file is there before a read-write open, which would otherwise create a new
 * empty database where the operator mistyped a path.
 */
final class DatabaseFile {
  /** The {@code --json} error code of a database file that is not there (or not a database). */
  static final String NO_DATABASE = "no_database";

  private DatabaseFile() {}

  static void requireExisting(Path db) {
    if (Files.isDirectory(db)) {
      throw new CommandFailure(NO_DATABASE, db + ": is a directory, not a database file");
    }
    if (!Files.exists(db)) {
      throw new CommandFailure(NO_DATABASE, db + ": no such database file");
    }
    try {
      if (Files.size(db) == 0) {
        throw new CommandFailure(NO_DATABASE, db + ": empty file, not a Reprise database");
      }
    } catch (IOException e) {
      throw new CommandFailure(NO_DATABASE, db + ": cannot read: " + e.getMessage(), e);
    }
  }
}
