package dev.reprise.daemon.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code reprise runs [--status S] [--workflow W] [--since T] [--limit N] [--cursor C] [--tag
 * NAME=VALUE]...}.
 */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = "Lists runs, newest first, from the daemon.")
public final class RunsCommand extends ApiCommand {
  @Option(names = "--status", paramLabel = "S", description = "Statuses, separated by commas.")
  String status;

  @Option(names = "--workflow", paramLabel = "NAME", description = "Only runs of this workflow.")
  String workflow;

  @Option(
      names = "--since",
      paramLabel = "INSTANT",
      description = "Only runs created at or after this ISO-8601 time, e.g. 2026-01-31T12:00:00Z.")
  String since;

  @Option(
      names = "--limit",
      defaultValue = "50",
      paramLabel = "N",
      description = "Runs per page, 1 to 1000 (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--cursor", paramLabel = "C", description = "The next page, as printed.")
  String cursor;

  @Option(
      names = "--tag",
      paramLabel = "NAME=VALUE",
      converter = TagArgument.class,
      description = "Only runs with this tag; repeat for several, all of which must hold.")
  List<TagArgument.Tag> tags = new ArrayList<>();

  @Override
  public Integer call() {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("status", status);
    q.put("workflow", workflow);
    q.put("since", since);
    q.put("limit", Integer.toString(limit));
    q.put("cursor", cursor);
    return print(
        client().get("/api/runs" + DaemonClient.query(q) + TagArgument.query(tags, q)),
        page -> {
          StringBuilder b = new StringBuilder();
          page.path("runs").forEach(r -> b.append(runLine(r)).append('\n'));
          if (b.isEmpty()) {
            b.append("no runs\n");
          }
          if (!page.path("next_cursor").isNull()) {
            b.append("more: --cursor ").append(page.path("next_cursor").asText()).append('\n');
          }
          return b.toString().stripTrailing();
        });
  }
}
