package dev.reprise.daemon.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the daemon's files its user's alone at each start: the data directory and {@code run/}
 * 0700, and the files that hold runs, tokens, the config or the daemon's endpoint 0600. Each one
 * found looser is tightened with a {@code file_mode_tightened} warning; one owned by another user,
 * or whose mode cannot be changed, stops the start ({@link StartRefused}) naming it.
 */
final class DataDirGuard {
  private static final Logger log = LoggerFactory.getLogger(DataDirGuard.class);

  private DataDirGuard() {}

  static void secure(DataDir dir, DaemonConfig config) {
    List<Path> paths = paths(dir, config);
    // the directory itself may be a link an operator made (~/.reprise to another disk): what it
    // names is checked; below it, a link is refused
    for (Path p : paths) {
      if (p.equals(dir.root())) {
        PrivateFiles.tighten(realPath(p)).ifPresent(DataDirGuard::warn);
      } else {
        PrivateFiles.tighten(p).ifPresent(DataDirGuard::warn);
      }
    }
  }

  private static Path realPath(Path p) {
    try {
      return p.toRealPath();
    } catch (java.io.IOException e) {
      return p;
    }
  }

  private static void warn(PrivateFiles.Tightened t) {
    log.atWarn()
        .setMessage("file_mode_tightened")
        .addKeyValue("file", t.path().toString())
        .addKeyValue("was", t.was())
        .addKeyValue("now", t.now())
        .addKeyValue(
            "why",
            "the daemon's data is its user's alone: 0700 directories, 0600 files. Whoever"
                + " opened it while it was looser may still hold it open: if that matters,"
                + " treat what it held as seen (rotate the tokens)")
        .log();
  }

  private static List<Path> paths(DataDir dir, DaemonConfig config) {
    List<Path> paths = new ArrayList<>();
    paths.add(dir.root());
    paths.add(dir.runDir());
    for (String name : List.of("daemon.pid", "daemon.json", "daemon.json.tmp")) {
      paths.add(dir.runDir().resolve(name));
    }
    paths.add(dir.tokenFile());
    paths.add(dir.readTokenFile());
    paths.add(dir.defaultConfig());
    List<Path> databases = new ArrayList<>(List.of(dir.root().resolve("examples-ledger.db")));
    if (config.store() == DaemonConfig.StoreKind.SQLITE) {
      databases.add(config.sqlitePath());
    }
    for (Path db : databases) {
      for (String suffix : List.of("", "-wal", "-shm", "-journal", ".lock")) {
        paths.add(Path.of(db + suffix));
      }
    }
    return paths;
  }
}
