package dev.reprise.daemon.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
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
  @Parameters(
      index = "0",
      paramLabel = "ID",
      converter = IdArguments.Reference.class,
      description = "The failed run's id.")
  String id;

  @Option(names = "--reason", description = "Why, for the audit.")
  String reason;

  @Mixin ActorOption actor;

  @Override
  public Integer call() {
    return print(
        client().post(path("runs", id, "retry"), actor.body(reason)),
        r -> "retried " + printable(id) + " as " + runLine(r));
  }
}
