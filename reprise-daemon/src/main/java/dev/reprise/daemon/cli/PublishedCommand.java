package dev.reprise.daemon.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code reprise published RUN NAME}: the latest value a run published under a name. */
@Command(
    name = "published",
    mixinStandardHelpOptions = true,
    description =
        "Prints the latest value a run published under NAME (ctx.publish), as JSON: while it runs"
            + " or waits, and after it ended.")
public final class PublishedCommand extends ApiCommand {
  @Parameters(
      index = "0",
      paramLabel = "RUN",
      converter = IdArguments.Reference.class,
      description = "The run's id.")
  String runId;

  @Parameters(
      index = "1",
      paramLabel = "NAME",
      converter = IdArguments.Name.class,
      description = "The published name.")
  String name;

  @Override
  public Integer call() {
    return print(
        client().get(path("runs", runId, "published", name)),
        v -> printable(v.path("value").toString()));
  }
}
