package dev.reprise;

import dev.reprise.internal.engine.Client;
import dev.reprise.internal.engine.Engine;
import dev.reprise.internal.engine.EngineConfig;
import dev.reprise.internal.engine.RunEnds;
import dev.reprise.internal.engine.WorkflowRegistry;
import dev.reprise.internal.json.Json;
import dev.reprise.internal.store.SqliteStores;
import dev.reprise.internal.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reprise: durable workflows. Build one, register workflows, {@link #start()} it, submit runs.
 *
 * <pre>{@code
 * try (Reprise reprise = Reprise.builder()
 *     .sqlite(Path.of("data/reprise.db"))
 *     .workflow(new OrderWorkflow(payments))
 *     .build()) {
 *   reprise.start();                       // recovers what a crash left, then runs
 *   RunHandle<Receipt> run = reprise.submit(orderWorkflow, order, RunOptions.idempotencyKey(order.id()));
 *   Receipt receipt = run.result(Duration.ofMinutes(1));
 * }
 * }</pre>
 *
 * <p>One process executes the runs of an SQLite file; any number may read it or submit to it (see
 * {@link Builder#buildClient()}).
 */
public final class Reprise implements RepriseClient {
  private final Store store;
  private final Engine engine;
  private final Client client;

  private Reprise(Store store, Engine engine, Client client) {
    this.store = store;
    this.engine = engine;
    this.client = client;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Recovers the runs a previous process left behind, then starts executing runs.
   *
   * @return what recovery did
   */
  public RecoveryReport start() {
    return engine.start();
  }

  @Override
  public <I, O> RunHandle<O> submit(Workflow<I, O> workflow, I input, RunOptions options) {
    return client.submit(workflow, input, options);
  }

  @Override
  public RunHandle<Object> submitJson(String workflow, String inputJson, RunOptions options) {
    return client.submitJson(workflow, inputJson, options);
  }

  @Override
  public <O> RunHandle<O> handle(String runId, TypeRef<O> outputType) {
    return client.handle(runId, outputType);
  }

  @Override
  public RunInfo run(String runId) {
    return client.run(runId);
  }

  @Override
  public List<RunInfo> runs(RunFilter filter) {
    return client.runs(filter);
  }

  @Override
  public List<RunInfo> unresolved() {
    return client.unresolved();
  }

  @Override
  public List<StepInfo> steps(String runId) {
    return client.steps(runId);
  }

  @Override
  public List<RunInfo> recent(int limit) {
    return client.recent(limit);
  }

  @Override
  public int vacuum(Duration olderThan) {
    return client.vacuum(olderThan);
  }

  @Override
  public void markFailedCompensation(String runId, String reason) {
    client.markFailedCompensation(runId, reason);
  }

  @Override
  public void retryCompensation(String runId) {
    client.retryCompensation(runId);
  }

  @Override
  public RunHandle<Object> retry(String runId) {
    return client.retry(runId);
  }

  @Override
  public Map<RunStatus, Long> countByStatus() {
    return client.countByStatus();
  }

  @Override
  public void resolve(String runId, String note) {
    client.resolve(runId, note);
  }

  @Override
  public void cancel(String runId, String reason) {
    client.cancel(runId, reason);
  }

  @Override
  public void signal(String runId, String name, Object payload) {
    client.signal(runId, name, payload);
  }

  @Override
  public void approve(String runId, String name, String actor, String reason) {
    client.approve(runId, name, actor, reason);
  }

  @Override
  public void reject(String runId, String name, String actor, String reason) {
    client.reject(runId, name, actor, reason);
  }

  @Override
  public ReconcileReport reconcile() {
    return client.reconcile();
  }

  @Override
  public Schedule schedule(
      String name, String cron, String zone, String workflow, Object input, MisfirePolicy misfire) {
    return client.schedule(name, cron, zone, workflow, input, misfire);
  }

  @Override
  public List<Schedule> schedules() {
    return client.schedules();
  }

  @Override
  public void pauseSchedule(String name) {
    client.pauseSchedule(name);
  }

  @Override
  public void resumeSchedule(String name) {
    client.resumeSchedule(name);
  }

  @Override
  public void deleteSchedule(String name) {
    client.deleteSchedule(name);
  }

  /** Stops executing (see the shutdown timeout), then closes the store. */
  @Override
  public void close() {
    try {
      engine.close();
    } finally {
      store.close();
    }
  }

  /**
   * Configures a {@link Reprise} or a bare {@link RepriseClient}. Defaults are filled in at build.
   */
  public static final class Builder {
    private Path sqlitePath;
    private boolean inMemory;
    private boolean readOnly;
    private SqliteSynchronous synchronous = SqliteSynchronous.FULL;
    private Duration busyTimeout = Duration.ofSeconds(10);
    private String namespace = "default";
    private final List<Workflow<?, ?>> workflows = new ArrayList<>();
    private int concurrency = 256;
    private Clock clock = Clock.system();
    private Duration pollInterval = Duration.ofMillis(500);
    private Duration shutdownTimeout = Duration.ofSeconds(10);
    private String nodeId;

    private Builder() {}

    /** An SQLite database file, created (with its directories) if missing. */
    public Builder sqlite(Path path) {
      this.sqlitePath = path;
      this.inMemory = false;
      return this;
    }

    /** A private in-memory SQLite database, for tests; gone at close. */
    public Builder sqliteInMemory() {
      this.sqlitePath = null;
      this.inMemory = true;
      return this;
    }

    /**
     * Opens the store read-only: never migrates, refuses every write, fails on a missing file or a
     * schema other than this version's. For {@link #buildClient()} only.
     */
    public Builder readOnly() {
      this.readOnly = true;
      return this;
    }

    /** SQLite durability; {@link SqliteSynchronous#FULL} by default. */
    public Builder synchronous(SqliteSynchronous synchronous) {
      this.synchronous = synchronous;
      return this;
    }

    /**
     * How long a write waits for another process holding the SQLite write lock; 10 s by default.
     */
    public Builder busyTimeout(Duration busyTimeout) {
      this.busyTimeout = busyTimeout;
      return this;
    }

    /** Runs belong to a namespace; a store sees only its own. {@code default} by default. */
    public Builder namespace(String namespace) {
      this.namespace = namespace;
      return this;
    }

    public Builder workflow(Workflow<?, ?> workflow) {
      this.workflows.add(workflow);
      return this;
    }

    public Builder workflows(List<? extends Workflow<?, ?>> workflows) {
      this.workflows.addAll(workflows);
      return this;
    }

    /** The most runs executing at once (each on a virtual thread); 256 by default. */
    public Builder concurrency(int concurrency) {
      this.concurrency = concurrency;
      return this;
    }

    /** The source of time and waiting; {@link Clock#system()} by default. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** How often to look for runs submitted by other processes; 500 ms by default. */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
      return this;
    }

    /** How long {@link Reprise#close()} lets running steps finish; 10 s by default. */
    public Builder shutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = shutdownTimeout;
      return this;
    }

    /** This process's name as the owner of the runs it executes; {@code pid@host} by default. */
    public Builder nodeId(String nodeId) {
      this.nodeId = nodeId;
      return this;
    }

    /** A runtime that executes the registered workflows once started, and is a client too. */
    public Reprise build() {
      if (readOnly) {
        throw new InvalidConfigurationException(
            "readOnly", "a read-only store cannot execute runs; use buildClient()");
      }
      validate();
      if (concurrency < 1 || concurrency > 100_000) {
        throw new InvalidConfigurationException(
            "concurrency", "must be between 1 and 100000, was " + concurrency);
      }
      requirePositive("pollInterval", pollInterval);
      requireNotNegative("shutdownTimeout", shutdownTimeout);
      WorkflowRegistry registry = new WorkflowRegistry(workflows);
      Json.mapper(); // initialise JSON here rather than inside the first recovery or step
      Store store = openStore();
      String owner = nodeId != null ? nodeId : ProcessHandle.current().pid() + "@" + host();
      Engine engine =
          new Engine(
              new EngineConfig(
                  store, registry, clock, concurrency, pollInterval, shutdownTimeout, owner),
              new RunEnds());
      return new Reprise(store, engine, engine.client());
    }

    /**
     * A client only: submits and queries runs, executes none. Registered workflows, if any, are
     * used to check names and inputs at submit.
     */
    public RepriseClient buildClient() {
      validate();
      WorkflowRegistry registry = new WorkflowRegistry(workflows);
      return Client.standalone(openStore(), registry, clock);
    }

    private void validate() {
      if (sqlitePath == null && !inMemory) {
        throw new InvalidConfigurationException(
            "store", "choose one: sqlite(path) or sqliteInMemory()");
      }
      if (inMemory && readOnly) {
        throw new InvalidConfigurationException(
            "readOnly", "an in-memory store cannot be opened read-only");
      }
      if (namespace == null || namespace.isBlank() || namespace.length() > 100) {
        throw new InvalidConfigurationException(
            "namespace", "must be 1 to 100 non-blank characters");
      }
      if (clock == null) {
        throw new InvalidConfigurationException("clock", "must not be null");
      }
      if (synchronous == null) {
        throw new InvalidConfigurationException("synchronous", "must not be null");
      }
      requireNotNegative("busyTimeout", busyTimeout);
    }

    private Store openStore() {
      var options =
          new SqliteStores.Options(
              inMemory ? null : sqlitePath, readOnly, synchronous, busyTimeout, namespace);
      return SqliteStores.open(options, clock.now().toEpochMilli());
    }

    private static void requirePositive(String field, Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new InvalidConfigurationException(field, "must be positive, was " + d);
      }
    }

    private static void requireNotNegative(String field, Duration d) {
      if (d == null || d.isNegative()) {
        throw new InvalidConfigurationException(field, "must be zero or positive, was " + d);
      }
    }

    private static String host() {
      String host = System.getenv("HOSTNAME");
      return host == null || host.isBlank() ? "localhost" : host;
    }
  }
}
