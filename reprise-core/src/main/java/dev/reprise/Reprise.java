package dev.reprise;

import dev.reprise.internal.engine.Client;
import dev.reprise.internal.engine.Engine;
import dev.reprise.internal.engine.EngineClock;
import dev.reprise.internal.engine.EngineConfig;
import dev.reprise.internal.engine.Hosts;
import dev.reprise.internal.engine.RunEnds;
import dev.reprise.internal.engine.RunMemory;
import dev.reprise.internal.engine.WorkflowRegistry;
import dev.reprise.internal.json.Json;
import dev.reprise.internal.store.Store;
import dev.reprise.internal.store.jdbc.PostgresStores;
import dev.reprise.internal.store.jdbc.SqliteStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

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
 * {@link Builder#buildClient()}). Several processes (nodes) may execute the runs of one PostgreSQL
 * database together ({@link Builder#postgres(String)}): each holds a lease on the runs it executes,
 * and takes over those of a node that died once their lease expires.
 */
public final class Reprise implements RepriseClient {
  private final Store store;
  private final Engine engine;
  private final Client client;
  private final String nodeId;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Reprise(Store store, Engine engine, Client client, String nodeId) {
    this.store = store;
    this.engine = engine;
    this.client = client;
    this.nodeId = nodeId;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * This node's id, the owner of the runs it executes: the one given to {@link Builder#nodeId}, or
   * the default {@code pid@host}.
   */
  public String nodeId() {
    return nodeId;
  }

  /**
   * Recovers the runs a previous process left behind, then starts executing runs.
   *
   * @return what recovery did
   */
  public RecoveryReport start() {
    return engine.start();
  }

  /**
   * Takes back, now, the runs whose lease expired (their node died or stalled), as every node does
   * periodically on its own. Only on a shared store; elsewhere it does nothing.
   *
   * @return how many runs were restarted, failed, and skipped because another node took them first
   */
  public SweepReport sweepExpiredLeases() {
    return engine.sweep();
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
  public List<ReplayProblem> checkReplay() {
    return client.checkReplay();
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
  public Optional<PublishedValue> published(String runId, String name) {
    return client.published(runId, name);
  }

  @Override
  public <T> Optional<T> published(String runId, String name, Class<T> type) {
    return client.published(runId, name, type);
  }

  @Override
  public <T> Optional<T> published(String runId, String name, TypeRef<T> type) {
    return client.published(runId, name, type);
  }

  @Override
  public void retention(String workflow, RetentionPolicy policy) {
    client.retention(workflow, policy);
  }

  @Override
  public void concurrencyLimit(String name, int maxRunning) {
    client.concurrencyLimit(name, maxRunning);
  }

  @Override
  public Map<String, Integer> concurrencyLimits() {
    return client.concurrencyLimits();
  }

  @Override
  public Map<String, RetentionPolicy> retentionPolicies() {
    return client.retentionPolicies();
  }

  @Override
  public int applyRetention() {
    return client.applyRetention();
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
  public void resume(String runId) {
    client.resume(runId);
  }

  @Override
  public RunHandle<Object> fork(String runId, int fromSeq) {
    return client.fork(runId, fromSeq);
  }

  @Override
  public Map<RunStatus, Long> countByStatus() {
    return client.countByStatus();
  }

  /**
   * When something next comes due by the clock in this store: the earliest time a waiting run is to
   * be taken up again (its sleep ends, a signal came for it, a deadline passes) or a schedule not
   * paused fires; empty when nothing waits for a time. A time at or before now means work is due. A
   * test on a {@link dev.reprise.testing.SettableClock} moves the clock here to skip time.
   */
  public Optional<Instant> nextDue() {
    Long wake = store.queue().nextWakeAt();
    Long fire = store.schedules().nextFireAt();
    long next =
        Math.min(wake == null ? Long.MAX_VALUE : wake, fire == null ? Long.MAX_VALUE : fire);
    return next == Long.MAX_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(next));
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

  @Override
  public RepriseClient as(String actor) {
    return client.as(actor);
  }

  @Override
  public RepriseClient as(String actor, String reason) {
    return client.as(actor, reason);
  }

  @Override
  public List<AuditEntry> audit(String runId) {
    return client.audit(runId);
  }

  @Override
  public List<AuditEntry> scheduleAudit(String name) {
    return client.scheduleAudit(name);
  }

  /**
   * Whether the store takes writes now, as the engine's and the clients' last writes found it: the
   * last failure (with when the failures began) from a write the store refused, a {@link
   * StoreFullException} for a full disk say, until a write that changes something goes through;
   * empty while writes go through. A readiness check can turn this into "not ready".
   *
   * <pre>{@code
   * reprise.storeWriteFailure().ifPresent(f -> alert(f.error().getMessage(), f.since()));
   * }</pre>
   */
  public Optional<StoreWriteFailure> storeWriteFailure() {
    return store.writeFailure();
  }

  @Override
  public List<String> checkIntegrity() {
    return client.checkIntegrity();
  }

  @Override
  public void backup(java.nio.file.Path target) {
    client.backup(target);
  }

  /**
   * Stops executing (see the shutdown timeout), then closes the store. Closing again does nothing:
   * a container may close it both when it stops and when it destroys it.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
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
    private String postgresUrl;
    private DataSource postgresSource;
    private String env = "";
    private Duration leaseTtl = Duration.ofSeconds(10);
    private final Map<String, Queue> queues = new LinkedHashMap<>();
    private int maxRecoveries = 20;
    private int crashLoopLimit = 3;
    private RecoveryResolver recoveryResolver;
    private boolean globalRecovery;
    private boolean readOnly;
    private SqliteSynchronous synchronous = SqliteSynchronous.FULL;
    private Duration busyTimeout = Duration.ofSeconds(10);
    private String namespace = "default";
    private final List<Workflow<?, ?>> workflows = new ArrayList<>();
    private int concurrency = 256;
    private long runMemory = RunMemory.defaultBudget();
    private InstantSource clock = InstantSource.system();
    private Duration pollInterval = Duration.ofMillis(500);
    private Duration shutdownTimeout = Duration.ofSeconds(10);
    private String nodeId;

    private Builder() {}

    /** An SQLite database file, created (with its directories) if missing. */
    public Builder sqlite(Path path) {
      clearStore();
      this.sqlitePath = path;
      return this;
    }

    /** A private in-memory SQLite database, for tests; gone at close. */
    public Builder sqliteInMemory() {
      clearStore();
      this.inMemory = true;
      return this;
    }

    /**
     * A PostgreSQL database, by JDBC URL (for example {@code
     * jdbc:postgresql://127.0.0.1:5432/app?user=app&currentSchema=reprise}); pooled with HikariCP,
     * closed with Reprise. The schema must exist; Reprise creates its tables in it.
     */
    public Builder postgres(String jdbcUrl) {
      clearStore();
      this.postgresUrl = jdbcUrl;
      return this;
    }

    /** A PostgreSQL database through a pool the application owns (and closes). */
    public Builder postgres(DataSource dataSource) {
      clearStore();
      this.postgresSource = dataSource;
      return this;
    }

    private void clearStore() {
      this.sqlitePath = null;
      this.inMemory = false;
      this.postgresUrl = null;
      this.postgresSource = null;
    }

    /**
     * The environment this node serves (say {@code staging}); with the namespace it scopes the runs
     * a node sees, claims and recovers, by strict equality. None by default.
     */
    public Builder env(String env) {
      this.env = env;
      return this;
    }

    /**
     * How long a node's claim on a run lasts without a heartbeat (renewed every third of it); once
     * it expires another node takes the run over. 10 s by default; on a shared store only.
     */
    public Builder leaseTtl(Duration leaseTtl) {
      this.leaseTtl = leaseTtl;
      return this;
    }

    /** A queue's limits; runs choose their queue with {@link RunOptions#withQueue}. */
    public Builder queue(Queue queue) {
      if (queue == null) {
        throw new InvalidConfigurationException("queue", "must not be null");
      }
      this.queues.put(queue.name(), queue);
      return this;
    }

    /**
     * How often a run may be recovered (its process died under it) before it is failed as a poison
     * run; 20 by default.
     */
    public Builder maxRecoveries(int maxRecoveries) {
      this.maxRecoveries = maxRecoveries;
      return this;
    }

    /**
     * How many recoveries in a row, with no step completed in between, make a run a crash loop (its
     * step ends the process each time: {@code System.exit}, a native crash): it is then
     * quarantined, waiting for an operator, instead of started again; 3 by default, 0 for never.
     */
    public Builder crashLoopLimit(int crashLoopLimit) {
      this.crashLoopLimit = crashLoopLimit;
      return this;
    }

    /** Chooses recovery policies, overriding the workflows' own and the stored ones. */
    public Builder recoveryResolver(RecoveryResolver resolver) {
      this.recoveryResolver = resolver;
      return this;
    }

    /**
     * Sweeps expired leases of every namespace and env, not only this node's: for a deployment
     * where one set of nodes serves all scopes. Off by default.
     */
    public Builder globalRecovery(boolean global) {
      this.globalRecovery = global;
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

    /**
     * About how many bytes of heap the inputs and step outputs of the runs executing at once may
     * take; a quarter of the largest heap by default. Past it no more runs start until some end
     * (they wait {@code pending}, holding no thread), so that a flood of large runs slows down
     * instead of running the process out of memory. A run larger than this alone still runs.
     */
    public Builder runMemory(long bytes) {
      this.runMemory = bytes;
      return this;
    }

    /**
     * The source of time: {@link InstantSource#system()} by default; a {@code java.time.Clock}, or
     * a {@link dev.reprise.testing.SettableClock} in tests, whose moves of time fire timers,
     * retries, deadlines and schedules.
     */
    public Builder clock(InstantSource clock) {
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

    /**
     * This node's id, the owner of the runs it executes; {@code pid@host} by default. On a shared
     * store give each node a stable id: a node restarted under the same id takes its runs back at
     * once, instead of after their lease expires.
     */
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
      if (runMemory < 1) {
        throw new InvalidConfigurationException(
            "runMemory", "must be at least 1 byte, was " + runMemory);
      }
      requirePositive("pollInterval", pollInterval);
      requireNotNegative("shutdownTimeout", shutdownTimeout);
      if (crashLoopLimit < 0) {
        throw new InvalidConfigurationException(
            "crashLoopLimit", "must be 0 (never) or more, was " + crashLoopLimit);
      }
      if (maxRecoveries < 1) {
        throw new InvalidConfigurationException(
            "maxRecoveries", "must be at least 1, was " + maxRecoveries);
      }
      if (nodeId != null && (nodeId.isBlank() || nodeId.length() > 200)) {
        throw new InvalidConfigurationException("nodeId", "must be 1 to 200 non-blank characters");
      }
      WorkflowRegistry registry = new WorkflowRegistry(workflows);
      Json.mapper(); // initialise JSON here rather than inside the first recovery or step
      String owner = nodeId != null ? nodeId : ProcessHandle.current().pid() + "@" + Hosts.name();
      Store store = openStore();
      Engine engine =
          new Engine(
              new EngineConfig(
                  store,
                  registry,
                  new EngineClock(clock),
                  concurrency,
                  runMemory,
                  pollInterval,
                  shutdownTimeout,
                  owner,
                  namespace,
                  env,
                  leaseTtl,
                  Map.copyOf(queues),
                  maxRecoveries,
                  crashLoopLimit,
                  recoveryResolver,
                  globalRecovery),
              new RunEnds());
      return new Reprise(store, engine, engine.client(), owner);
    }

    /**
     * A client only: submits and queries runs, executes none. Registered workflows, if any, are
     * used to check names and inputs at submit.
     */
    public RepriseClient buildClient() {
      validate();
      WorkflowRegistry registry = new WorkflowRegistry(workflows);
      return Client.standalone(openStore(), registry, new EngineClock(clock));
    }

    private void validate() {
      if (sqlitePath == null && !inMemory && postgresUrl == null && postgresSource == null) {
        throw new InvalidConfigurationException(
            "store", "choose one: sqlite(path), sqliteInMemory() or postgres(url)");
      }
      if (postgresUrl != null && !postgresUrl.startsWith("jdbc:postgresql:")) {
        throw new InvalidConfigurationException(
            "postgres",
            "must be a JDBC URL starting with jdbc:postgresql:, was "
                + PostgresStores.redact(postgresUrl));
      }
      if (postgresUrl != null || postgresSource != null) {
        requirePostgresLibraries();
      }
      if (inMemory && readOnly) {
        throw new InvalidConfigurationException(
            "readOnly", "an in-memory store cannot be opened read-only");
      }
      if (namespace == null
          || namespace.isBlank()
          || namespace.length() > 100
          || namespace.contains("/")) {
        throw new InvalidConfigurationException(
            "namespace", "must be 1 to 100 non-blank characters, without '/'");
      }
      if (env == null || env.length() > 100 || env.contains("/") || !env.strip().equals(env)) {
        throw new InvalidConfigurationException(
            "env", "must be at most 100 characters, without '/' or surrounding spaces");
      }
      if (clock == null) {
        throw new InvalidConfigurationException("clock", "must not be null");
      }
      if (synchronous == null) {
        throw new InvalidConfigurationException("synchronous", "must not be null");
      }
      requireNotNegative("busyTimeout", busyTimeout);
      requirePositive("leaseTtl", leaseTtl);
      if (leaseTtl.toMillis() < 300) {
        throw new InvalidConfigurationException(
            "leaseTtl", "must be at least 300 ms (renewed every third of it), was " + leaseTtl);
      }
    }

    /**
     * The PostgreSQL driver and HikariCP are optional dependencies of reprise-core, so that an
     * application on SQLite does not get them: one on PostgreSQL adds them, and is told so here
     * rather than by a {@code NoClassDefFoundError} from deep inside the store.
     */
    private void requirePostgresLibraries() {
      List<String> missing = new ArrayList<>();
      List<ClassLoader> loaders = new ArrayList<>();
      loaders.add(Reprise.class.getClassLoader());
      loaders.add(Thread.currentThread().getContextClassLoader());
      if (postgresSource != null) {
        loaders.add(postgresSource.getClass().getClassLoader());
      }
      if (!visible("org.postgresql.Driver", loaders)) {
        missing.add("org.postgresql:postgresql (the PostgreSQL JDBC driver)");
      }
      if (postgresUrl != null
          && !visible(
              "com.zaxxer.hikari.HikariDataSource", List.of(Reprise.class.getClassLoader()))) {
        missing.add("com.zaxxer:HikariCP (the connection pool of postgres(url))");
      }
      if (!missing.isEmpty()) {
        throw new InvalidConfigurationException(
            "postgres",
            (postgresUrl != null ? "postgres(url)" : "postgres(dataSource)")
                + " needs "
                + String.join(" and ", missing)
                + " on the class path; add "
                + (missing.size() == 1 ? "it as a dependency" : "them as dependencies")
                + " of the application (Maven groupId:artifactId as above): reprise-core declares"
                + " the PostgreSQL libraries optional, so that applications on SQLite do not get"
                + " them");
      }
    }

    private static boolean visible(String className, List<ClassLoader> loaders) {
      for (ClassLoader loader : loaders) {
        try {
          Class.forName(className, false, loader);
          return true;
        } catch (ClassNotFoundException | LinkageError e) {
          // not from this loader
        }
      }
      return false;
    }

    private Store openStore() {
      // a store sees the runs of one scope: the namespace, and the env when one is set
      String scope = env.isEmpty() ? namespace : namespace + "/" + env;
      if (postgresUrl != null || postgresSource != null) {
        return PostgresStores.open(
            new PostgresStores.Options(postgresUrl, postgresSource, readOnly, scope, leaseTtl),
            clock.millis());
      }
      var options =
          new SqliteStores.Options(
              inMemory ? null : sqlitePath, readOnly, synchronous, busyTimeout, scope);
      return SqliteStores.open(options, clock.millis());
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
  }
}
