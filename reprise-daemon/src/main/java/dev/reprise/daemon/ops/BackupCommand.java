package dev.reprise.daemon.ops;

import dev.reprise.RepriseClient;
import dev.reprise.StoreException;
import dev.reprise.daemon.CliJson;
import dev.reprise.daemon.CommandFailure;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reprise backup --to FILE}: a consistent copy of an SQLite store while runs go on, into a
 * new file readable by its owner only. A PostgreSQL store is backed up with the server's tools.
 */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Copies an SQLite store, consistently, while the daemon runs.",
      "",
      "FILE must not exist; it is made readable by its owner only. Restore by stopping the daemon"
          + " and putting FILE in place of reprise.db (removing reprise.db-wal and -shm)."
    })
public final class BackupCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private StoreOptions store;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "FILE",
      description = "The new file to write the copy to.")
  private Path to;

  @Option(names = "--json", description = "Print one JSON object: db, file, bytes.")
  private boolean json;

  @Override
  public Integer call() throws IOException {
    StoreOptions.Target target = store.target();
    if (target.sqlite() == null) {
      throw new CommandFailure(
          "not_sqlite",
          "backup copies an SQLite store; back up PostgreSQL with its own tools (pg_dump -n"
              + " SCHEMA, or the server's base backups)");
    }
    if (Files.exists(to)) {
      throw new CommandFailure("backup_exists", to + " exists already; name a new file");
    }
    try (RepriseClient client = target.openReadOnly()) {
      client.backup(to);
    } catch (StoreException e) {
      throw new CommandFailure("backup_failed", e.getMessage(), e);
    }
    long bytes = Files.size(to);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("db", target.describe());
      m.put("file", to.toAbsolutePath().toString());
      m.put("bytes", bytes);
      out.println(CliJson.write(m));
    } else {
      out.println("backed up " + target.describe() + " to " + to + " (" + bytes + " bytes)");
    }
    out.flush();
    return 0;
  }
}
