package dev.reprise.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code reprise submit WORKFLOW --input JSON [--idempotency-key K]}. */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description = "Submits a run of a workflow to the daemon; prints the run.")
public final class SubmitCommand extends ApiCommand {
  @Parameters(
      index = "0",
      paramLabel = "WORKFLOW",
      converter = IdArguments.Reference.class,
      description = "The workflow's name.")
  String workflow;

  @Option(
      names = "--input",
      paramLabel = "JSON",
      converter = JsonArgument.class,
      description =
          "The run's input as JSON; required (null for a workflow that takes none), as in the API.")
  JsonNode input;

  @Option(
      names = "--idempotency-key",
      paramLabel = "KEY",
      converter = IdArguments.Key.class,
      description =
          "Submitting the same key again returns the same run: 1 to 500 printable characters,"
              + " without '/'.")
  String idempotencyKey;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "A deadline from now: 30s, 5m, 2h, 7d or ISO-8601.")
  String timeout;

  @Option(
      names = "--tag",
      paramLabel = "NAME=VALUE",
      converter = TagArgument.class,
      description = "Tag the run from its start; repeat for several (at most 32).")
  List<TagArgument.Tag> tags = new ArrayList<>();

  @Option(
      names = "--key",
      paramLabel = "NAME=VALUE",
      converter = TagArgument.class,
      description =
          "A concurrency key the run holds while it is live: at most the name's limit (1 unless"
              + " 'reprise limits set' says otherwise) of runs of each value run at once.")
  TagArgument.Tag concurrencyKey;

  @Override
  public Integer call() {
    if (input == null) {
      throw new ParameterException(
          spec.commandLine(),
          "--input is required: the run's input as JSON (null for a workflow that takes none)");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("workflow", workflow);
    body.put("input", input);
    if (idempotencyKey != null) {
      body.put("idempotency_key", idempotencyKey);
    }
    if (timeout != null) {
      body.put("timeout", timeout);
    }
    if (!tags.isEmpty()) {
      Map<String, String> byName = new LinkedHashMap<>();
      tags.forEach(t -> byName.put(t.name(), t.value()));
      body.put("tags", byName);
    }
    if (concurrencyKey != null) {
      body.put(
          "concurrency_key",
          Map.of("name", concurrencyKey.name(), "value", concurrencyKey.value()));
    }
    return print(client().post("/api/runs", body), r -> "submitted " + runLine(r));
  }
}
