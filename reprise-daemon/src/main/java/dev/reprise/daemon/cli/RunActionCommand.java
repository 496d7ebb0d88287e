package dev.reprise.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.RepriseClient;
import dev.reprise.daemon.ops.StoreOptions;
import dev.reprise.daemon.server.ApiViews;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * An operator's action on one run that works with the daemon up or down: through the daemon's API
 * by default, or on the store directly with {@code --db PATH}, {@code --postgres URL} or {@code
 * --config FILE} (as {@code diag} opens it). The direct way is for a daemon that cannot stay up:
 * the store records the action, and the next daemon to take the run up acts on it. Either way the
 * run is printed as the API answers it.
 */
abstract class RunActionCommand extends ApiCommand {
  @Parameters(
      index = "0",
      paramLabel = "ID",
      converter = IdArguments.Reference.class,
      description = "The run's id.")
  String id;

  @Mixin ActorOption actor;

  /** Null unless one of {@code --db}, {@code --postgres}, {@code --config} is given. */
  @ArgGroup(exclusive = true, heading = "Acting on the store directly (the daemon up or down):%n")
  StoreOptions.Where store;

  /** The API's name for the action: {@code cancel}, {@code resume}. */
  abstract String action();

  /** The body of the API call. */
  abstract Map<String, Object> body();

  /** The action through a client on the store, as the actor. */
  abstract void act(RepriseClient client);

  /** The text printed after the daemon acted. */
  abstract String viaDaemon(JsonNode run);

  /** The text printed after acting on the store {@code where}. */
  abstract String onStore(JsonNode run, String where);

  @Override
  public Integer call() {
    if (store == null) {
      return print(client().post(path("runs", id, action()), body()), this::viaDaemon);
    }
    StoreOptions.Target target = StoreOptions.target(store, dataDir);
    JsonNode run;
    try (RepriseClient client = target.openExisting()) {
      act(client);
      run = ApiViews.run(client.run(id), false);
    }
    return print(run, r -> onStore(r, target.describe()));
  }
}
