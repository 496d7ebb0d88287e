package dev.reprise.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** Fresh database files in the benchmark directory, one per repetition, removed after it. */
final class Databases {
  private static final String[] SIDE_FILES = {"", "-wal", "-shm", "-journal", ".lock"};

  private final Path dir;
  private final boolean keep;
  private final String prefix = "bench-" + ProcessHandle.current().pid() + "-";
  private final AtomicInteger next = new AtomicInteger();

  Databases(Path dir, boolean keep) throws IOException {
    this.dir = Files.createDirectories(dir.toAbsolutePath().normalize());
    this.keep = keep;
  }

  Path dir() {
    return dir;
  }

  /** What the names of this process's files start with. */
  String prefix() {
    return prefix;
  }

  /** A path where no file exists yet. */
  Path fresh(String workload) throws IOException {
    Path path = dir.resolve(prefix + workload + "-" + next.incrementAndGet() + ".db");
    delete(path);
    return path;
  }

  /**
   * Removes the database and its WAL, shared-memory and execution-lock ({@code .lock}, which the
   * engine leaves in place) files, unless asked to keep them.
   */
  void discard(Path database) throws IOException {
    if (!keep) {
      delete(database);
    }
  }

  private static void delete(Path database) throws IOException {
    for (String suffix : SIDE_FILES) {
      Files.deleteIfExists(database.resolveSibling(database.getFileName() + suffix));
    }
  }
}
