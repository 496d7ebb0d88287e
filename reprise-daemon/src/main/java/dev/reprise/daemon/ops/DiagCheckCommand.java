package dev.reprise.daemon.ops;

import dev.reprise.RepriseClient;
import dev.reprise.StoreException;
import dev.reprise.daemon.CliJson;
import dev.reprise.daemon.CommandFailure;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code reprise diag check}: SQLite's full integrity check of the store, read-only, with the
 * daemon up or down. Exit 0 when intact; 1 naming what is damaged.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Checks an SQLite store for damage (SQLite's integrity_check), read-only.",
      "",
      "Works with the daemon up or down. Exit 0 when the file is intact; 1 with what is damaged."
    })
public final class DiagCheckCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin private StoreOptions store;

  @Option(names = "--json", description = "Print one JSON object: db, intact, problems.")
  private boolean json;

  @Override
  public Integer call() {
    StoreOptions.Target target = store.target();
    List<String> problems;
    try (RepriseClient client = target.openReadOnly()) {
      problems = client.checkIntegrity();
    } catch (StoreException e) {
      throw new CommandFailure("check_failed", e.getMessage(), e);
    }
    if (!problems.isEmpty()) {
      throw new CommandFailure(
          "store_damaged",
          target.describe()
              + " is damaged ("
              + problems.size()
              + (problems.size() == 1 ? " problem" : " problems")
              + "): "
              + String.join("; ", problems.subList(0, Math.min(problems.size(), 20)))
              + ". Stop the daemon, keep a copy of the files, and restore from a backup"
              + " (reprise backup).");
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("db", target.describe());
      m.put("intact", true);
      m.put("problems", problems);
      out.println(CliJson.write(m));
    } else {
      out.println("ok: " + target.describe() + " is intact");
    }
    out.flush();
    return 0;
  }
}
