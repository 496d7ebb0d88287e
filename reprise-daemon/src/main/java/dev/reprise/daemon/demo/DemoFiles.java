package dev.reprise.daemon.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The demo's temporary directory: the Reprise journal, the ledger and the worker's log. */
record DemoFiles(Path dir, Path journal, Path ledger, Path workerLog) {

  /**
   * A new directory under {@code java.io.tmpdir}, on the real disk, so that fsync means something.
   */
  static DemoFiles create() throws IOException {
    Path dir = Files.createTempDirectory("reprise-demo-");
    return new DemoFiles(
        dir, dir.resolve("reprise.db"), dir.resolve("ledger.db"), dir.resolve("worker.log"));
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
