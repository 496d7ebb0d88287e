package dev.reprise.daemon.cli;

import dev.reprise.daemon.server.DataDir;
import java.nio.file.Path;
import java.util.Map;

/** Calls of the daemon's API for commands that live outside this package. */
public final class DaemonApi {
  private DaemonApi() {}

  /** Approves or rejects a run's gate through the daemon of {@code dataDir}. */
  public static void decide(
      Path dataDir, String runId, String gate, boolean approve, String actor, String reason) {
    DaemonClient.connect(new DataDir(dataDir))
        .post(
            ApiCommand.path("runs", runId, approve ? "approve" : "reject"),
            Map.of("gate", gate, "actor", actor, "reason", reason));
  }
}
