package dev.reprise.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reprise signal ID NAME [--payload JSON]}. */
@Command(
    name = "signal",
    mixinStandardHelpOptions = true,
    description = "Sends a signal to a run; it is kept until the run awaits it.")
public final class SignalCommand extends ApiCommand {
  @Parameters(
      index = "0",
      paramLabel = "ID",
      converter = IdArguments.Reference.class,
      description = "The run's id.")
  String id;

  @Parameters(
      index = "1",
      paramLabel = "NAME",
      converter = IdArguments.Name.class,
      description = "The signal's name: 1 to 200 of A-Z a-z 0-9 . _ : @ + = -.")
  String name;

  @Option(
      names = "--payload",
      paramLabel = "JSON",
      converter = JsonArgument.class,
      description = "The signal's payload as JSON (default: null).")
  JsonNode payload;

  @Override
  public Integer call() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("payload", payload);
    return print(
        client().post(path("runs", id, "signal"), body),
        r -> "sent signal '" + printable(name) + "' to " + runLine(r));
  }
}
