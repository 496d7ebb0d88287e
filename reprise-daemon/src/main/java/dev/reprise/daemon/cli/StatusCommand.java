package dev.reprise.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

/** {@code reprise status}: the daemon's status snapshot. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Shows the daemon's state, pid, port, uptime and runs by status.",
      "",
      "With --json: the whole snapshot, including the effective config. Exits 1 when no daemon"
          + " runs for the data directory."
    })
public final class StatusCommand extends ApiCommand {

  @Override
  public Integer call() {
    return print(client().get("/api/status"), StatusCommand::text);
  }

  private static String text(JsonNode s) {
    StringBuilder b =
        new StringBuilder("daemon ")
            .append(s.path("state").asText())
            .append(", pid ")
            .append(s.path("pid").asLong())
            .append(", http://")
            .append(s.path("http_host").asText())
            .append(':')
            .append(s.path("http_port").asInt())
            .append(", up ")
            .append(s.path("uptime_seconds").asLong())
            .append(" s, node ")
            .append(s.path("node_id").asText())
            .append(", data dir ")
            .append(s.path("data_dir").asText());
    b.append("\nruns:");
    s.path("runs")
        .properties()
        .forEach(e -> b.append(' ').append(e.getKey()).append('=').append(e.getValue()));
    b.append("\nworkflows: ");
    s.path("workflows").forEach(w -> b.append(w.asText()).append(' '));
    return b.toString().stripTrailing();
  }
}
