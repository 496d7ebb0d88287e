package dev.reprise.daemon.ops;

import dev.reprise.Reprise;
import dev.reprise.RepriseClient;
import dev.reprise.daemon.CliJson;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reprise vacuum}: deletes the runs that ended more than an age ago, with their journals.
 * Runs in flight are never deleted. Refuses a missing file rather than create a database.
 *
 * <pre>{@code
 * reprise vacuum --db data/reprise.db --older-than 30d
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

  @Option(
      names = "--db",
      required = true,
      paramLabel = "PATH",
      description = "The Reprise SQLite database; it must exist.")
  private Path db;

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
    DatabaseFile.requireExisting(db);
    int deleted;
    try (RepriseClient client = Reprise.builder().sqlite(db).buildClient()) {
      deleted = client.vacuum(olderThan.duration());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(
          CliJson.write(
              new VacuumResult(
                  deleted, olderThan.text(), olderThan.duration().toSeconds(), db.toString())));
    } else {
      out.println(
          "deleted "
              + deleted
              + (deleted == 1 ? " run" : " runs")
              + " that ended more than "
              + olderThan.text()
              + " ago from "
              + db);
    }
    out.flush();
    return 0;
  }
}
