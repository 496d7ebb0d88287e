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

/** {@code reprise schedules list|create|pause|resume|delete}. */
@Command(
    name = "schedules",
    mixinStandardHelpOptions = true,
    description = "Lists and manages cron schedules on the daemon.",
    subcommands = {
      SchedulesCommand.ListSchedules.class,
      SchedulesCommand.Create.class,
      SchedulesCommand.Pause.class,
      SchedulesCommand.Resume.class,
      SchedulesCommand.Delete.class
    })
public final class SchedulesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    String names = String.join(", ", spec.subcommands().keySet());
    throw new ParameterException(spec.commandLine(), "missing command, one of: " + names);
  }

  static String line(JsonNode s) {
    return s.path("name").asText()
        + "  "
        + s.path("cron").asText()
        + " ("
        + s.path("zone").asText()
        + ")  "
        + s.path("workflow").asText()
        + (s.path("paused").asBoolean() ? "  paused" : "  next " + s.path("next_fire_at").asText());
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the schedules.")
  static final class ListSchedules extends ApiCommand {
    @Override
    public Integer call() {
      return print(
          client().get("/api/schedules"),
          a -> {
            StringBuilder b = new StringBuilder();
            a.path("schedules").forEach(s -> b.append(line(s)).append('\n'));
            return b.isEmpty() ? "no schedules" : b.toString().stripTrailing();
          });
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Creates a schedule that starts a run at each fire time.")
  static final class Create extends ApiCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The schedule's name.")
    String name;

    @Option(
        names = "--cron",
        required = true,
        description = "A Unix cron expression, five fields, e.g. '0 9 * * 1-5'.")
    String cron;

    @Option(names = "--workflow", required = true, description = "The workflow to run.")
    String workflow;

    @Option(
        names = "--input",
        paramLabel = "JSON",
        converter = JsonArgument.class,
        description = "Each run's input as JSON.")
    JsonNode input;

    @Option(names = "--zone", defaultValue = "UTC", description = "Time zone (default: UTC).")
    String zone;

    @Option(
        names = "--misfire",
        defaultValue = "skip",
        description = "skip or run_once (default: ${DEFAULT-VALUE}).")
    String misfire;

    @Override
    public Integer call() {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", name);
      body.put("cron", cron);
      body.put("zone", zone);
      body.put("workflow", workflow);
      body.put("input", input);
      body.put("misfire", misfire);
      return print(client().post("/api/schedules", body), s -> "created " + line(s));
    }
  }

  @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pauses a schedule.")
  static final class Pause extends ApiCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      return print(client().post(path("schedules", name, "pause"), null), s -> "paused " + line(s));
    }
  }

  @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resumes a schedule.")
  static final class Resume extends ApiCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      return print(
          client().post(path("schedules", name, "resume"), null), s -> "resumed " + line(s));
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes a schedule.")
  static final class Delete extends ApiCommand {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      return print(client().delete(path("schedules", name)), s -> "deleted schedule " + name);
    }
  }
}
