package dev.reprise.daemon.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The demo's directory: the Reprise journal, the ledger and the worker's log. */
record DemoFiles(Path dir, Path journal, Path ledger, Path workerLog) {

  /**
   * A new directory under {@code java.io.tmpdir}, on the real disk, so that fsync means something.
   */
  static DemoFiles create() throws IOException {
    return in(Files.createTempDirectory("reprise-demo-"));
  }

  /** The files in {@code dir}, created with its parents if missing. */
  static DemoFiles in(Path dir) throws IOException {
    Files.createDirectories(dir);
    return new DemoFiles(
        dir, dir.resolve("reprise.db"), dir.resolve("ledger.db"), dir.resolve("worker.log"));
  }

  /** Whether {@code dir} can hold a new demo: missing, or an empty directory. */
  static boolean isUsable(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return true;
    }
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  void delete() throws IOException {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(dir)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : paths) {
      Files.deleteIfExists(p);
    }
  }
}
