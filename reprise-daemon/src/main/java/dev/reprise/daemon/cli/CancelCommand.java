package dev.reprise.daemon.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reprise cancel ID [--reason R]}. */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = "Cancels a run: a pending run at once, a running or waiting one unwinds.")
public final class CancelCommand extends ApiCommand {
  @Parameters(
      index = "0",
      paramLabel = "ID",
      converter = IdArguments.Reference.class,
      description = "The run's id.")
  String id;

  @Option(names = "--reason", description = "Why (default: cancelled through the API).")
  String reason;

  @Mixin ActorOption actor;

  @Override
  public Integer call() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("actor", actor.actor());
    if (reason != null) {
      body.put("reason", reason);
    }
    return print(client().post(path("runs", id, "cancel"), body), r -> "cancelling " + runLine(r));
  }
}
