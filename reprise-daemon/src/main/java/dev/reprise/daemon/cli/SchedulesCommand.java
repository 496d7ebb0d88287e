package dev.reprise.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
      SchedulesCommand.Delete.class,
      SchedulesCommand.Audit.class
    })
public final class SchedulesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    String names = String.join(", ", spec.subcommands().keySet());
    throw new ParameterException(spec.commandLine(), "missing command, one of: " + names);
  }

  static String line(JsonNode s) {
    return ApiCommand.text(s, "name")
        + "  "
        + ApiCommand.text(s, "cron")
        + " ("
        + ApiCommand.text(s, "zone")
        + ")  "
        + ApiCommand.text(s, "workflow")
        + (s.path("paused").asBoolean()
            ? "  paused"
            : "  next " + ApiCommand.text(s, "next_fire_at"));
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
    @Parameters(
        index = "0",
        paramLabel = "NAME",
        converter = IdArguments.ScheduleName.class,
        description = "The schedule's name: 1 to 100 of A-Z a-z 0-9 . _ : @ + = -.")
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

    @Option(names = "--reason", description = "Why, for the audit.")
    String reason;

    @Mixin ActorOption actor;

    @Override
    public Integer call() {
      Map<String, Object> body = actor.body(reason);
      body.put("name", name);
      body.put("cron", cron);
      body.put("zone", zone);
      body.put("workflow", workflow);
      body.put("input", input);
      body.put("misfire", misfire);
      return print(client().post("/api/schedules", body), s -> "created " + line(s));
    }
  }

  /** A command on one existing schedule, with who acts and why. */
  abstract static class OnSchedule extends ApiCommand {
    @Parameters(
        index = "0",
        paramLabel = "NAME",
        converter = IdArguments.Reference.class,
        description = "The schedule's name.")
    String name;

    @Option(names = "--reason", description = "Why, for the audit.")
    String reason;

    @Mixin ActorOption actor;

    Map<String, Object> body() {
      return actor.body(reason);
    }
  }

  @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pauses a schedule.")
  static final class Pause extends OnSchedule {
    @Override
    public Integer call() {
      return print(
          client().post(path("schedules", name, "pause"), body()), s -> "paused " + line(s));
    }
  }

  @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resumes a schedule.")
  static final class Resume extends OnSchedule {
    @Override
    public Integer call() {
      return print(
          client().post(path("schedules", name, "resume"), body()), s -> "resumed " + line(s));
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes a schedule.")
  static final class Delete extends OnSchedule {
    @Override
    public Integer call() {
      return print(
          client().delete(path("schedules", name), body()),
          s -> "deleted schedule " + printable(name));
    }
  }

  @Command(
      name = "audit",
      mixinStandardHelpOptions = true,
      description = "What operators did to a schedule: who, when, why; also once it is deleted.")
  static final class Audit extends ApiCommand {
    @Parameters(
        index = "0",
        paramLabel = "NAME",
        converter = IdArguments.Reference.class,
        description = "The schedule's name.")
    String name;

    @Override
    public Integer call() {
      return print(
          client().get(path("schedules", name, "audit")),
          a -> {
            StringBuilder b = new StringBuilder();
            a.path("audit").forEach(e -> b.append(ShowCommand.auditLine(e)).append('\n'));
            return b.isEmpty() ? "no audit entries" : b.toString().stripTrailing();
          });
    }
  }
}
