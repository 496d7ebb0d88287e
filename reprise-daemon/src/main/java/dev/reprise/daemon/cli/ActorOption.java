package dev.reprise.daemon.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --actor A}: who acts, as the daemon's audit records it. */
final class ActorOption {
  @Option(
      names = "--actor",
      paramLabel = "A",
      converter = IdArguments.Actor.class,
      description = "Who acts, for the audit (default: the user running the command).")
  String actor;

  String actor() {
    return actor != null ? actor : IdArguments.currentUser();
  }

  /** A request body with the actor, and the reason when there is one. */
  Map<String, Object> body(String reason) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("actor", actor());
    if (reason != null) {
      body.put("reason", reason);
    }
    return body;
  }
}
