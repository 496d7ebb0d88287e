package dev.reprise.daemon.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reprise resolve ID --note N}. */
@Command(
    name = "resolve",
    mixinStandardHelpOptions = true,
    description = "Closes a failed_compensation run by hand: it ends failed, the note kept.")
public final class ResolveCommand extends ApiCommand {
  @Parameters(
      index = "0",
      paramLabel = "ID",
      converter = IdArguments.Reference.class,
      description = "The run's id.")
  String id;

  @Option(names = "--note", required = true, description = "What the operator did.")
  String note;

  @Mixin ActorOption actor;

  @Override
  public Integer call() {
    return print(
        client().post(path("runs", id, "resolve"), Map.of("note", note, "actor", actor.actor())),
        r -> "resolved " + runLine(r));
  }
}
