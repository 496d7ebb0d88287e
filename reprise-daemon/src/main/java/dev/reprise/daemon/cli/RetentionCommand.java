package dev.reprise.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code reprise retention list|set|delete}: how long the daemon's ended runs are kept. */
@Command(
    name = "retention",
    mixinStandardHelpOptions = true,
    description =
        "Lists and sets retention policies: how long each workflow's ended runs are kept, by how"
            + " they ended. Kept in the database; every engine applies them about once an hour.",
    subcommands = {
      RetentionCommand.ListPolicies.class,
      RetentionCommand.Set.class,
      RetentionCommand.Delete.class
    })
public final class RetentionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    String names = String.join(", ", spec.subcommands().keySet());
    throw new ParameterException(spec.commandLine(), "missing command, one of: " + names);
  }

  static String line(JsonNode p) {
    return ApiCommand.text(p, "workflow")
        + "  completed "
        + keep(p.path("completed_seconds"))
        + "  failed "
        + keep(p.path("failed_seconds"))
        + "  cancelled "
        + keep(p.path("cancelled_seconds"));
  }

  /** Seconds as the largest whole unit ({@code 7d}, {@code 12h}), or {@code forever}. */
  static String keep(JsonNode seconds) {
    if (!seconds.isNumber()) {
      return "forever";
    }
    long s = seconds.asLong();
    if (s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s % 3_600 == 0) {
      return s / 3_600 + "h";
    }
    if (s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the policies.")
  static final class ListPolicies extends ApiCommand {
    @Override
    public Integer call() {
      return print(
          client().get("/api/retention"),
          a -> {
            StringBuilder b = new StringBuilder();
            a.path("policies").forEach(p -> b.append(line(p)).append('\n'));
            return b.isEmpty() ? "no retention policies" : b.toString().stripTrailing();
          });
    }
  }

  @Command(
      name = "set",
      mixinStandardHelpOptions = true,
      description =
          "Sets a workflow's policy (replacing the one it had): a kind of end not given is kept"
              + " for ever.")
  static final class Set extends ApiCommand {
    @Parameters(index = "0", paramLabel = "WORKFLOW", description = "The workflow's name.")
    String workflow;

    @Option(
        names = "--completed",
        paramLabel = "AGE",
        description = "Keep completed runs this long after they ended: 7d, 12h, 30m or P7D.")
    String completed;

    @Option(names = "--failed", paramLabel = "AGE", description = "Keep failed runs this long.")
    String failed;

    @Option(
        names = "--cancelled",
        paramLabel = "AGE",
        description = "Keep cancelled runs this long.")
    String cancelled;

    @Override
    public Integer call() {
      if (completed == null && failed == null && cancelled == null) {
        throw new ParameterException(
            spec.commandLine(),
            "give at least one of --completed, --failed, --cancelled (to keep every run, delete"
                + " the policy)");
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("completed", completed);
      body.put("failed", failed);
      body.put("cancelled", cancelled);
      body.values().removeIf(v -> v == null);
      return print(
          client().post(path("retention", workflow), body), p -> "retention set: " + line(p));
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Removes a workflow's policy: its runs are kept for ever.")
  static final class Delete extends ApiCommand {
    @Parameters(index = "0", paramLabel = "WORKFLOW", description = "The workflow's name.")
    String workflow;

    @Override
    public Integer call() {
      return print(
          client().delete(path("retention", workflow), Map.of()),
          a ->
              a.path("deleted").asBoolean()
                  ? "retention policy of " + printable(workflow) + " deleted"
                  : "no retention policy for " + printable(workflow));
    }
  }
}
