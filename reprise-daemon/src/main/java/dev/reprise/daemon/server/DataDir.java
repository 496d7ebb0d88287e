package dev.reprise.daemon.server;

import java.nio.file.Path;

/**
 * The files of a daemon's data directory ({@code ./.reprise} by default), which is also how the CLI
 * finds a running daemon.
 */
public record DataDir(Path root) {

  public DataDir {
    root = root.toAbsolutePath().normalize();
  }

  /** The single-instance lock, holding the daemon's PID while it runs. */
  public Path pidFile() {
    return root.resolve("run").resolve("daemon.pid");
  }

  /** Written once the HTTP API listens: pid, host and port; removed at a clean stop. */
  public Path endpointFile() {
    return root.resolve("run").resolve("daemon.json");
  }

  /** The API token, for every call; readable by its owner only. */
  public Path tokenFile() {
    return root.resolve("token");
  }

  /** The read-only API token, for calls that change nothing; readable by its owner only. */
  public Path readTokenFile() {
    return root.resolve("read-token");
  }

  /** Where the pid and endpoint files are. */
  public Path runDir() {
    return root.resolve("run");
  }

  /** The config file read when {@code --config} is not given, if it exists. */
  public Path defaultConfig() {
    return root.resolve("config.yaml");
  }

  /** The SQLite database when the config does not name another. */
  public Path defaultDatabase() {
    return root.resolve("reprise.db");
  }
}
