package dev.reprise.daemon.ops;

import dev.reprise.Reprise;
import dev.reprise.RepriseClient;
import dev.reprise.daemon.CommandFailure;
import dev.reprise.daemon.server.ConfigException;
import dev.reprise.daemon.server.ConfigLoader;
import dev.reprise.daemon.server.DaemonConfig;
import dev.reprise.daemon.server.DataDir;
import dev.reprise.internal.store.jdbc.PostgresStores;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The store a command opens directly, without the daemon ({@code diag}, {@code vacuum}, {@code
 * export}; {@code cancel} and {@code resume} given one of {@link Where}'s options): an SQLite file
 * ({@code --db}), a PostgreSQL JDBC URL ({@code --postgres}), or the daemon's own config ({@code
 * --config FILE}, else {@code DATA_DIR/config.yaml} when it exists, with the {@code REPRISE_*}
 * environment variables over it, read as the daemon reads them): its store, SQLite path or
 * PostgreSQL URL, namespace and env. With none of them, the daemon's defaults: {@code
 * DATA_DIR/reprise.db}.
 */
public final class StoreOptions {

  @ArgGroup(exclusive = true)
  Where where = new Where();

  @Option(
      names = "--data-dir",
      defaultValue = "./.reprise",
      paramLabel = "DIR",
      description =
          "The daemon's data directory: its config.yaml and reprise.db are used when neither --db,"
              + " --postgres nor --config is given (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  /**
   * Where the store is, when the command line says: {@code --db}, {@code --postgres} or {@code
   * --config}, one at most. A command that otherwise asks the daemon takes it as an {@code
   * ArgGroup} left null when none is given.
   */
  public static final class Where {
    @Option(names = "--db", paramLabel = "PATH", description = "A Reprise SQLite database file.")
    Path db;

    @Option(
        names = "--postgres",
        paramLabel = "URL",
        description =
            "A PostgreSQL JDBC URL, as the daemon's postgres.url:"
                + " jdbc:postgresql://host/db?user=...&currentSchema=... (namespace default).")
    String postgres;

    @Option(
        names = "--config",
        paramLabel = "FILE",
        description =
            "The daemon's config file: its store, sqlite.path or postgres.url, namespace and env"
                + " (REPRISE_* environment variables override it, as for the daemon).")
    Path config;
  }

  /** Where the store is, resolved from the options. */
  public Target target() {
    return target(where, dataDir);
  }

  /**
   * Where the store is: the one {@code where} names, else the one of the data directory's config
   * (or its {@code reprise.db}).
   */
  public static Target target(Where where, Path dataDir) {
    if (where == null) {
      where = new Where();
    }
    if (where.db != null) {
      return new Target(where.db, null, "default", "");
    }
    if (where.postgres != null) {
      return new Target(null, where.postgres, "default", "");
    }
    DaemonConfig config = daemonConfig(where, dataDir);
    return switch (config.store()) {
      case SQLITE -> new Target(config.sqlitePath(), null, config.namespace(), config.env());
      case POSTGRES -> new Target(null, config.postgresUrl(), config.namespace(), config.env());
    };
  }

  /**
   * The options that name this store to a command that acts on it directly ({@code reprise resume
   * ID --db PATH}): {@code --config FILE} when one was given, {@code --db PATH} for an SQLite file,
   * the data directory's {@code --config FILE} when it named a PostgreSQL store, else {@code
   * --postgres URL} with the word URL (a JDBC URL may carry a password: it is not repeated).
   */
  public String actingOptions() {
    if (where != null && where.config != null) {
      return "--config " + where.config;
    }
    Target target = target();
    if (target.sqlite() != null) {
      return "--db " + target.sqlite();
    }
    Path config = dataDir().defaultConfig();
    boolean url = where != null && where.postgres != null;
    return !url && Files.isRegularFile(config) ? "--config " + config : "--postgres URL";
  }

  /** The daemon's config as these options name it: {@code --config}, else the data directory's. */
  public DaemonConfig daemonConfig() {
    return daemonConfig(where, dataDir);
  }

  /** The data directory these options name. */
  public DataDir dataDir() {
    return new DataDir(dataDir);
  }

  private static DaemonConfig daemonConfig(Where where, Path dataDir) {
    DataDir dir = new DataDir(dataDir);
    Path file = where == null ? null : where.config;
    if (file == null && Files.isRegularFile(dir.defaultConfig())) {
      file = dir.defaultConfig();
    }
    try {
      return ConfigLoader.load(file, dir.root(), System.getenv());
    } catch (ConfigException e) {
      throw new CommandFailure("invalid_config", e.getMessage(), e);
    }
  }

  /**
   * A store: an SQLite file or a PostgreSQL URL, with the namespace and env whose runs it shows.
   *
   * @param sqlite the SQLite file, or null
   * @param postgresUrl the JDBC URL, or null
   */
  public record Target(Path sqlite, String postgresUrl, String namespace, String env) {

    /**
     * The store for messages and JSON: the file, or the URL without its query and with the password
     * of its authority masked.
     */
    public String describe() {
      if (sqlite != null) {
        return sqlite.toString();
      }
      return PostgresStores.withoutQuery(postgresUrl);
    }

    /** A client that reads only: never migrates, never writes. */
    public RepriseClient openReadOnly() {
      if (sqlite != null && !Files.isRegularFile(sqlite)) {
        throw new CommandFailure(DatabaseFile.NO_DATABASE, sqlite + ": no such database file");
      }
      return builder().readOnly().buildClient();
    }

    /**
     * A client that may write, on a store that must exist and be a Reprise store of this version: a
     * mistyped path or URL never creates a new one.
     */
    public RepriseClient openExisting() {
      if (sqlite != null) {
        DatabaseFile.requireExisting(sqlite);
      } else {
        openReadOnly().close();
      }
      return builder().buildClient();
    }

    /** A client that reads only, with these workflows registered (to replay their runs). */
    public RepriseClient openReadOnly(java.util.List<dev.reprise.Workflow<?, ?>> workflows) {
      if (sqlite != null && !Files.isRegularFile(sqlite)) {
        throw new CommandFailure(DatabaseFile.NO_DATABASE, sqlite + ": no such database file");
      }
      Reprise.Builder b = builder().readOnly();
      workflows.forEach(b::workflow);
      return b.buildClient();
    }

    private Reprise.Builder builder() {
      Reprise.Builder b = Reprise.builder().namespace(namespace).env(env);
      return sqlite != null ? b.sqlite(sqlite) : b.postgres(postgresUrl);
    }
  }
}
