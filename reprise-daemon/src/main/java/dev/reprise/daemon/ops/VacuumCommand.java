package dev.reprise.daemon.ops;

import dev.reprise.RepriseClient;
import dev.reprise.daemon.CliJson;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reprise vacuum}: deletes the runs that ended more than an age ago, with their journals.
 * Runs in flight are never deleted. Refuses a missing file (or a PostgreSQL schema without
 * Reprise's tables) rather than create a database.
 *
 * <pre>{@code
 * reprise vacuum --db data/reprise.db --older-than 30d
 * reprise vacuum --config /etc/reprise/daemon.yaml --older-than 30d    # the daemon's store
 * }</pre>
 */
@Command(
    name = "vacuum",
    mixinStandardHelpOptions = true,
    description = {
      "Deletes runs that ended long ago.",
      "",
      "Deletes runs that ended (completed, failed, cancelled) more than AGE ago, with their"
          + " journals. Runs not ended, and failed_compensation runs (they wait for an operator),"
          + " are never deleted."
    })
public final class VacuumCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private StoreOptions store;

  @Option(
      names = "--older-than",
      required = true,
      paramLabel = "AGE",
      converter = Age.Converter.class,
      description =
          "Delete runs that ended more than AGE ago: a number and a unit (30d, 12h, 15m, 45s) or"
              + " ISO-8601 (P30D); 0s deletes every ended run.")
  private Age olderThan;

  @Option(names = "--json", description = "Print one JSON object: deleted, older_than, db.")
  private boolean json;

  @Override
  public Integer call() {
    StoreOptions.Target target = store.target();
    int deleted;
    try (RepriseClient client = target.openExisting()) {
      deleted = client.vacuum(olderThan.duration());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(
          CliJson.write(
              new VacuumResult(
                  deleted, olderThan.text(), olderThan.duration().toSeconds(), target.describe())));
    } else {
      out.println(
          "deleted "
              + deleted
              + (deleted == 1 ? " run" : " runs")
              + " that ended more than "
              + olderThan.text()
              + " ago from "
              + target.describe());
    }
    out.flush();
    return 0;
  }
}
