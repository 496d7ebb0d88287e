package dev.reprise.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.RepriseClient;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reprise resume ID [--reason R] [--db PATH | --postgres URL | --config FILE]}. */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description = {
      "Resumes a run in place: the same run id and step keys, from its first unfinished step.",
      "",
      "For a run waiting for an operator (stopped by a replay mismatch, or quarantined after a"
          + " crash loop: fix the code first), or a failed run whose steps were not undone. With"
          + " --db, --postgres or --config it is written to the store directly, with the daemon up"
          + " or down."
    })
public final class ResumeCommand extends RunActionCommand {
  @Option(names = "--reason", description = "Why, for the audit.")
  String reason;

  @Override
  String action() {
    return "resume";
  }

  @Override
  Map<String, Object> body() {
    return actor.body(reason);
  }

  @Override
  void act(RepriseClient client) {
    client.as(actor.actor(), reason).resume(id);
  }

  @Override
  String viaDaemon(JsonNode run) {
    return "resumed " + runLine(run);
  }

  @Override
  String onStore(JsonNode run, String where) {
    return "resumed "
        + runLine(run)
        + " in "
        + printable(where)
        + "\na daemon takes it up at once if one is running, else at its next start";
  }
}
