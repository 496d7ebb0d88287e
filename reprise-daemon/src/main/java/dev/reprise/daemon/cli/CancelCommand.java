package dev.reprise.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.RepriseClient;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reprise cancel ID [--reason R] [--db PATH | --postgres URL | --config FILE]}. */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = {
      "Cancels a run: a pending run at once, a running or waiting one unwinds (the compensations of"
          + " its completed steps run; no step body runs again), then ends cancelled.",
      "",
      "With --db, --postgres or --config the cancel is written to the store directly, with the"
          + " daemon up or down: a run that was not pending ends cancelled when a daemon next takes"
          + " it up (how to stop a run that keeps ending the daemon's process)."
    })
public final class CancelCommand extends RunActionCommand {
  /** What the audit and the run's reason record when no --reason is given. */
  static final String DEFAULT_REASON = "cancelled from the command line";

  @Option(names = "--reason", description = "Why (default: " + DEFAULT_REASON + ").")
  String reason;

  @Override
  String action() {
    return "cancel";
  }

  @Override
  Map<String, Object> body() {
    return actor.body(reason == null ? DEFAULT_REASON : reason);
  }

  @Override
  void act(RepriseClient client) {
    client.as(actor.actor()).cancel(id, reason == null ? DEFAULT_REASON : reason);
  }

  @Override
  String viaDaemon(JsonNode run) {
    return "cancelling " + runLine(run);
  }

  @Override
  String onStore(JsonNode run, String where) {
    if (text(run, "status").equals("cancelled")) {
      return "cancelled " + runLine(run);
    }
    return "cancel recorded in "
        + printable(where)
        + " for "
        + runLine(run)
        + "\nthe run unwinds and ends cancelled when a daemon takes it up (at once if one is"
        + " running, else at its next start); no step body runs again";
  }
}
