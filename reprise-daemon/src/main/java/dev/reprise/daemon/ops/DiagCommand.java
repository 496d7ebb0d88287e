package dev.reprise.daemon.ops;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code reprise diag}: read-only diagnostics of a Reprise database. */
@Command(
    name = "diag",
    mixinStandardHelpOptions = true,
    description = "Read-only diagnostics of a Reprise database; works with every process down.",
    subcommands = {DiagSagasCommand.class, DiagCheckCommand.class})
public final class DiagCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    String names = String.join(", ", spec.subcommands().keySet());
    throw new ParameterException(spec.commandLine(), "missing command, one of: " + names);
  }
}
