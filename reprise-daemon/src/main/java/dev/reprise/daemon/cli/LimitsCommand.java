package dev.reprise.daemon.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code reprise limits list|set|delete}: the concurrency limits of the daemon's key names. */
@Command(
    name = "limits",
    mixinStandardHelpOptions = true,
    description =
        "Lists and sets concurrency limits: how many runs of each value of a concurrency key's"
            + " name may be live at once (1 unless set). Kept in the database for every node.",
    subcommands = {
      LimitsCommand.ListLimits.class,
      LimitsCommand.Set.class,
      LimitsCommand.Delete.class
    })
public final class LimitsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    String names = String.join(", ", spec.subcommands().keySet());
    throw new ParameterException(spec.commandLine(), "missing command, one of: " + names);
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the limits set.")
  static final class ListLimits extends ApiCommand {
    @Override
    public Integer call() {
      return print(
          client().get("/api/concurrency-limits"),
          a -> {
            StringBuilder b = new StringBuilder();
            a.path("limits")
                .forEach(
                    l ->
                        b.append(printable(ApiCommand.text(l, "name")))
                            .append("  ")
                            .append(l.path("max_running").asInt())
                            .append('\n'));
            return b.isEmpty()
                ? "no concurrency limits (every key name has 1)"
                : b.toString().stripTrailing();
          });
    }
  }

  @Command(
      name = "set",
      mixinStandardHelpOptions = true,
      description = "Sets the most live runs of each value of a key name.")
  static final class Set extends ApiCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The key's name.")
    String name;

    @Parameters(index = "1", paramLabel = "MAX", description = "1 to 1000000.")
    int max;

    @Override
    public Integer call() {
      return print(
          client().post(path("concurrency-limits", name), Map.of("max_running", max)),
          l -> "concurrency limit set: " + printable(name) + "  " + l.path("max_running").asInt());
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Removes a limit: the name's limit is 1 again.")
  static final class Delete extends ApiCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The key's name.")
    String name;

    @Override
    public Integer call() {
      return print(
          client().delete(path("concurrency-limits", name), Map.of()),
          a ->
              a.path("deleted").asBoolean()
                  ? "concurrency limit of " + printable(name) + " deleted"
                  : "no concurrency limit for " + printable(name));
    }
  }
}
