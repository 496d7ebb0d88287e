package dev.reprise.daemon.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reprise fork ID --from-seq N}: a new run that reuses the steps before a position. */
@Command(
    name = "fork",
    mixinStandardHelpOptions = true,
    description = {
      "Forks an ended run from a journal position: a new run of the same workflow and input that"
          + " starts with the recorded outcomes of the entries before --from-seq (their bodies do"
          + " not run again) and runs the rest; prints the new run.",
      "",
      "Only runs whose steps were not undone. Forking the same run from the same position again"
          + " returns the same new run."
    })
public final class ForkCommand extends ApiCommand {
  @Parameters(
      index = "0",
      paramLabel = "ID",
      converter = IdArguments.Reference.class,
      description = "The ended run's id.")
  String id;

  @Option(
      names = "--from-seq",
      required = true,
      paramLabel = "N",
      description = "The first journal position (seq, as 'reprise show' prints it) to run again.")
  int fromSeq;

  @Option(names = "--reason", description = "Why, for the audit.")
  String reason;

  @Mixin ActorOption actor;

  @Override
  public Integer call() {
    Map<String, Object> body = actor.body(reason);
    body.put("from_seq", fromSeq);
    return print(
        client().post(path("runs", id, "fork"), body),
        r -> "forked " + printable(id) + " from seq " + fromSeq + " as " + runLine(r));
  }
}
