package dev.reprise.spring;

import dev.reprise.SqliteSynchronous;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code reprise.*} settings of the auto-configured {@link dev.reprise.Reprise}. Each maps onto
 * one {@link dev.reprise.Reprise.Builder} setting and is checked where the builder checks it: a bad
 * value stops the application with a message naming the property.
 *
 * <p>A mutable bean rather than a record because the configuration processor reads the field
 * comments and initialisers below into the metadata that IDEs complete from.
 */
@ConfigurationProperties("reprise")
public class RepriseProperties {

  /** Whether to auto-configure Reprise at all. */
  private boolean enabled = true;

  /**
   * Where runs are kept. AUTO: the application's PostgreSQL DataSource when it has one, else an
   * SQLite file at reprise.sqlite.path. SQLITE or POSTGRES to choose.
   */
  private StoreKind store = StoreKind.AUTO;

  private final Sqlite sqlite = new Sqlite();

  /** Runs belong to a namespace; this node sees, claims and recovers only its own. */
  private String namespace = "default";

  /**
   * The environment this node serves (say staging); with the namespace it scopes the runs a node
   * sees. None by default.
   */
  private String env = "";

  /**
   * This node's id, the owner of the runs it executes; pid@host when not set. On PostgreSQL give
   * each node a stable id: a node restarted under the same id takes its runs back at once instead
   * of after their lease expires.
   */
  private String nodeId;

  /** The most runs executing at once, each on a virtual thread (1 to 100000). */
  private int concurrency = 256;

  /**
   * How long a node's claim on a run lasts without a heartbeat (renewed every third of it); then
   * another node takes the run over. At least 300ms; PostgreSQL only.
   */
  private Duration leaseTtl = Duration.ofSeconds(10);

  /** How often to look for runs submitted by other processes. */
  private Duration pollInterval = Duration.ofMillis(500);

  /**
   * How long stopping the application lets running steps finish before their threads are
   * interrupted (a body still running after that is fenced: it can journal nothing). When not set,
   * Spring's spring.lifecycle.timeout-per-shutdown-phase (30s unless set).
   */
  private Duration shutdownTimeout;

  /**
   * How often a run may be recovered (its process died under it) before it is failed as a poison
   * run.
   */
  private int maxRecoveries = 20;

  /**
   * How many recoveries in a row with no step completed make a run a crash loop, quarantined for an
   * operator instead of started again; 0 for never.
   */
  private int crashLoopLimit = 3;

  /**
   * Whether this node sweeps the expired leases of every namespace and env, not only its own: for a
   * deployment where one set of nodes serves all scopes.
   */
  private boolean globalRecovery;

  /**
   * Queue limits by queue name; runs choose a queue with RunOptions.withQueue. A queue not listed
   * has no limits.
   */
  private final Map<String, QueueLimits> queues = new LinkedHashMap<>();

  /** Which store {@code reprise.store} asks for. */
  public enum StoreKind {
    /** The application's DataSource if it is PostgreSQL, else SQLite. */
    AUTO,
    /** An SQLite file at {@code reprise.sqlite.path}, whatever DataSource the application has. */
    SQLITE,
    /** The application's DataSource, which must be PostgreSQL. */
    POSTGRES
  }

  /** The SQLite store's settings. */
  public static class Sqlite {
    /**
     * The SQLite database file, created with its directories if missing; relative to the working
     * directory of the process.
     */
    private Path path = Path.of("reprise", "reprise.db");

    /**
     * FULL: every commit is fsynced before it returns. NORMAL: a power loss (not a process crash)
     * may roll back the last commits; see the guide.
     */
    private SqliteSynchronous synchronous = SqliteSynchronous.FULL;

    /** How long a write waits for another process holding the SQLite write lock. */
    private Duration busyTimeout = Duration.ofSeconds(10);

    public Path getPath() {
      return path;
    }

    public void setPath(Path path) {
      this.path = path;
    }

    public SqliteSynchronous getSynchronous() {
      return synchronous;
    }

    public void setSynchronous(SqliteSynchronous synchronous) {
      this.synchronous = synchronous;
    }

    public Duration getBusyTimeout() {
      return busyTimeout;
    }

    public void setBusyTimeout(Duration busyTimeout) {
      this.busyTimeout = busyTimeout;
    }
  }

  /** One queue's limits. */
  public static class QueueLimits {
    /**
     * The most runs of the queue running at once on all nodes together, 0 for no limit; give every
     * node the same value.
     */
    private int globalLimit;

    /** The most runs of the queue running at once on this node, 0 for no limit. */
    private int nodeLimit;

    public int getGlobalLimit() {
      return globalLimit;
    }

    public void setGlobalLimit(int globalLimit) {
      this.globalLimit = globalLimit;
    }

    public int getNodeLimit() {
      return nodeLimit;
    }

    public void setNodeLimit(int nodeLimit) {
      this.nodeLimit = nodeLimit;
    }
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public StoreKind getStore() {
    return store;
  }

  public void setStore(StoreKind store) {
    this.store = store;
  }

  public Sqlite getSqlite() {
    return sqlite;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public String getEnv() {
    return env;
  }

  public void setEnv(String env) {
    this.env = env;
  }

  public String getNodeId() {
    return nodeId;
  }

  public void setNodeId(String nodeId) {
    this.nodeId = nodeId;
  }

  public int getConcurrency() {
    return concurrency;
  }

  public void setConcurrency(int concurrency) {
    this.concurrency = concurrency;
  }

  public Duration getLeaseTtl() {
    return leaseTtl;
  }

  public void setLeaseTtl(Duration leaseTtl) {
    this.leaseTtl = leaseTtl;
  }

  public Duration getPollInterval() {
    return pollInterval;
  }

  public void setPollInterval(Duration pollInterval) {
    this.pollInterval = pollInterval;
  }

  public Duration getShutdownTimeout() {
    return shutdownTimeout;
  }

  public void setShutdownTimeout(Duration shutdownTimeout) {
    this.shutdownTimeout = shutdownTimeout;
  }

  public int getMaxRecoveries() {
    return maxRecoveries;
  }

  public void setMaxRecoveries(int maxRecoveries) {
    this.maxRecoveries = maxRecoveries;
  }

  public int getCrashLoopLimit() {
    return crashLoopLimit;
  }

  public void setCrashLoopLimit(int crashLoopLimit) {
    this.crashLoopLimit = crashLoopLimit;
  }

  public boolean isGlobalRecovery() {
    return globalRecovery;
  }

  public void setGlobalRecovery(boolean globalRecovery) {
    this.globalRecovery = globalRecovery;
  }

  public Map<String, QueueLimits> getQueues() {
    return queues;
  }
}
