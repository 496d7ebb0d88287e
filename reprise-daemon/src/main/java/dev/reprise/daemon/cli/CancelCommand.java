package dev.reprise.daemon.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reprise cancel ID [--reason R]}. */
@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = "Cancels a run: a pending run at once, a running or waiting one unwinds.")
public final class CancelCommand extends ApiCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "The run's id.")
  String id;

  @Option(names = "--reason", description = "Why (default: cancelled through the API).")
  String reason;

  @Override
  public Integer call() {
    return print(
        client()
            .post(path("runs", id, "cancel"), reason == null ? Map.of() : Map.of("reason", reason)),
        r -> "cancelling " + runLine(r));
  }
}
