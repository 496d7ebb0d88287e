package dev.reprise.daemon.server;

import dev.reprise.SqliteSynchronous;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The daemon's effective settings, read by {@link ConfigLoader}; see {@code docs/configuration.md}.
 *
 * @param file the config file read, or null when none was
 * @param postgresUrl the JDBC URL, or null when the store is SQLite
 * @param env the environment served (with the namespace, it scopes the runs), empty for none
 * @param nodeId this process's name as the owner of runs, or null for {@code pid@host}
 * @param leaseTtl how long a claim on a run lasts without a heartbeat (PostgreSQL)
 * @param httpLimits how long a request may take to arrive and how many may be read at once
 * @param allowRemote whether the API may listen on an address other than loopback (with TLS)
 * @param tlsKeystore the PKCS12 keystore that turns TLS on, or null for plain HTTP
 * @param tlsKeystorePassword its password, empty for none
 * @param crashLoopLimit how many restarts in a row that each found a run interrupted with no step
 *     completed in between quarantine it (0: never)
 */
public record DaemonConfig(
    Path file,
    String httpHost,
    int httpPort,
    int maxBodyBytes,
    HttpLimits httpLimits,
    boolean allowRemote,
    Path tlsKeystore,
    String tlsKeystorePassword,
    StoreKind store,
    Path sqlitePath,
    SqliteSynchronous sqliteSynchronous,
    String postgresUrl,
    String namespace,
    String env,
    String nodeId,
    Duration leaseTtl,
    int concurrency,
    Duration pollInterval,
    Duration gracefulTimeout,
    int crashLoopLimit,
    Duration tickInterval,
    Duration sweepInterval,
    boolean examples,
    Path workflowsDir,
    String logLevel,
    LogFormat logFormat) {

  /** Where runs are kept. */
  public enum StoreKind {
    SQLITE,
    POSTGRES
  }

  /** How log lines are written: {@code auto} is text on a terminal and JSON lines otherwise. */
  public enum LogFormat {
    AUTO,
    JSON,
    TEXT
  }

  /** The settings by key, as the status snapshot shows them; secrets in the URL are masked. */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("http.host", httpHost);
    m.put("http.port", httpPort);
    m.put("http.max_body_bytes", maxBodyBytes);
    m.put("http.read_timeout", ConfigLoader.format(httpLimits.readTimeout()));
    m.put("http.max_requests_in_flight", httpLimits.maxRequestsInFlight());
    m.put("http.max_body_bytes_in_flight", httpLimits.maxBodyBytesInFlight());
    m.put("http.allow_remote", allowRemote);
    m.put("http.tls.keystore", tlsKeystore == null ? "" : tlsKeystore.toString());
    m.put("http.tls.keystore_password", tlsKeystorePassword.isEmpty() ? "" : "***");
    m.put("store", lower(store));
    m.put("sqlite.path", sqlitePath.toString());
    m.put("sqlite.synchronous", lower(sqliteSynchronous));
    m.put("postgres.url", postgresUrl == null ? "" : maskSecrets(postgresUrl));
    m.put("namespace", namespace);
    m.put("env", env);
    m.put("node_id", nodeId == null ? "" : nodeId);
    m.put("lease_ttl", ConfigLoader.format(leaseTtl));
    m.put("engine.concurrency", concurrency);
    m.put("engine.poll_interval", ConfigLoader.format(pollInterval));
    m.put("graceful_timeout", ConfigLoader.format(gracefulTimeout));
    m.put("crash_loop_limit", crashLoopLimit);
    m.put("tick_interval", ConfigLoader.format(tickInterval));
    m.put("sweep_interval", ConfigLoader.format(sweepInterval));
    m.put("workflows.examples", examples);
    m.put("workflows.dir", workflowsDir.toString());
    m.put("log.level", logLevel);
    m.put("log.format", lower(logFormat));
    return m;
  }

  /**
   * This config with the settings that need a restart taken from {@code running}: what a reload can
   * apply to a running daemon.
   */
  DaemonConfig reloadedOver(DaemonConfig running) {
    return new DaemonConfig(
        file,
        running.httpHost,
        running.httpPort,
        running.maxBodyBytes,
        running.httpLimits,
        running.allowRemote,
        running.tlsKeystore,
        running.tlsKeystorePassword,
        running.store,
        running.sqlitePath,
        running.sqliteSynchronous,
        running.postgresUrl,
        running.namespace,
        running.env,
        running.nodeId,
        running.leaseTtl,
        running.concurrency,
        running.pollInterval,
        running.gracefulTimeout,
        running.crashLoopLimit,
        tickInterval,
        sweepInterval,
        running.examples,
        running.workflowsDir,
        logLevel,
        logFormat);
  }

  /** This config with its workflow jars read from {@code dir}. */
  public DaemonConfig withWorkflowsDir(Path dir) {
    return new DaemonConfig(
        file,
        httpHost,
        httpPort,
        maxBodyBytes,
        httpLimits,
        allowRemote,
        tlsKeystore,
        tlsKeystorePassword,
        store,
        sqlitePath,
        sqliteSynchronous,
        postgresUrl,
        namespace,
        env,
        nodeId,
        leaseTtl,
        concurrency,
        pollInterval,
        gracefulTimeout,
        crashLoopLimit,
        tickInterval,
        sweepInterval,
        examples,
        dir,
        logLevel,
        logFormat);
  }

  /** Whether TLS is on: a keystore is set. */
  public boolean tls() {
    return tlsKeystore != null;
  }

  private static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  static String maskSecrets(String url) {
    return dev.reprise.internal.store.jdbc.PostgresStores.redact(url);
  }
}
