package dev.reprise.daemon.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code reprise retry ID}: runs a failed run again as a new run. */
@Command(
    name = "retry",
    mixinStandardHelpOptions = true,
    description = {
      "Retries a failed run as a new run with the same input; prints the new run.",
      "",
      "Retrying the same run again returns the same new run."
    })
public final class RetryCommand extends ApiCommand {
  @Parameters(index = "0", paramLabel = "ID", description = "The failed run's id.")
  String id;

  @Override
  public Integer call() {
    return print(
        client().post(path("runs", id, "retry"), null), r -> "retried " + id + " as " + runLine(r));
  }
}
