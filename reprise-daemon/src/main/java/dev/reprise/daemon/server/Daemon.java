package dev.reprise.daemon.server;

import dev.reprise.ReconcileReport;
import dev.reprise.RecoveryReport;
import dev.reprise.Reprise;
import dev.reprise.RepriseException;
import dev.reprise.RunStatus;
import dev.reprise.daemon.CliJson;
import dev.reprise.daemon.ErrorJson;
import dev.reprise.daemon.server.DaemonConfig.LogFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-running daemon: one per data directory (an OS lock on {@code run/daemon.pid}), running
 * the registered workflows on a {@link Reprise} engine and serving the HTTP API.
 *
 * <p>Signal handlers only set flags and wake the event loop; the loop (the main thread) turns the
 * flags into mailbox commands and runs them, then its phases, each behind an error boundary. TERM
 * or INT drains: the engine stops claiming and in-flight steps finish, up to {@code
 * graceful_timeout}, on a thread of its own while the loop keeps ticking, so a second TERM still
 * stops the process at once. HUP reloads the config and keeps the old one if the new one is bad.
 * USR1 logs a status snapshot. Claiming runs, timers and cron fires happen in the engine's
 * dispatcher, which sleeps until its next due time or a wake-up rather than waiting for a tick.
 */
public final class Daemon implements DaemonView {
  private static final Logger log = LoggerFactory.getLogger(Daemon.class);

  /** How long past graceful_timeout the engine may take to interrupt and join its runs. */
  private static final Duration DRAIN_MARGIN = Duration.ofSeconds(10);

  private final DataDir dataDir;
  private final Path explicitConfig;
  private final boolean forceJson;
  private final PrintWriter err;
  private final PrintWriter jsonErrors;
  private final EventLoop loop;

  private volatile LifecycleState state = LifecycleState.INITIALIZED;
  private volatile DaemonConfig config;
  private volatile Path configFile;
  private volatile StatusSnapshot.Reload lastReload;
  private volatile Instant heartbeatAt;
  private volatile Thread loopThread;
  private final AtomicInteger shutdownSignals = new AtomicInteger();
  private volatile String shutdownSignal;
  private final AtomicBoolean reloadRequested = new AtomicBoolean();
  private final AtomicBoolean statusRequested = new AtomicBoolean();
  private int shutdownsSeen;

  private Instant startedAt;
  private PidLock lock;
  private volatile Reprise reprise;
  private ApiServer server;
  private volatile Credentials credentials;
  private List<String> workflowNames = List.of();
  private Instant lastSweep = Instant.now();
  private volatile boolean drained;
  private Instant drainDeadline;
  private Integer exitCode;
  private ProcessGuard guard;

  /**
   * @param err where a failure to start is told, as one line
   * @param jsonErrors with {@code --json}: where a failure (exit 1) is written as the last line,
   *     one JSON object {@code {"error", "message"}}; null otherwise
   */
  public Daemon(
      DataDir dataDir,
      Path explicitConfig,
      boolean forceJson,
      PrintWriter err,
      PrintWriter jsonErrors) {
    this.dataDir = dataDir;
    this.explicitConfig = explicitConfig;
    this.forceJson = forceJson;
    this.err = err;
    this.jsonErrors = jsonErrors;
    this.loop =
        new EventLoop(
            this::intake,
            this::dispatch,
            List.of(
                new EventLoop.Phase("heartbeat", this::heartbeat),
                new EventLoop.Phase("sweep", this::sweep),
                new EventLoop.Phase("drain", this::checkDrain)));
  }

  /**
   * Starts, runs until stopped, and returns the exit code: 0 after a drain, 1 on a failure. The
   * process ending any other way (a workflow's {@code System.exit}) is logged as {@code
   * process_exiting} ({@link ProcessGuard}).
   */
  public int run() {
    try {
      try {
        start();
      } catch (DaemonAlreadyRunning e) {
        return failStart("already_running", e.getMessage(), e);
      } catch (ConfigException | StartRefused e) {
        return failStart("invalid_config", e.getMessage(), e);
      } catch (RepriseException e) {
        return failStart("start_failed", e.getMessage(), e);
      } catch (RuntimeException e) {
        return failStart("start_failed", e.getMessage() == null ? e.toString() : e.getMessage(), e);
      } catch (StackOverflowError | LinkageError e) {
        return failStart("start_failed", e.toString(), e);
      }
      loopThread = Thread.currentThread();
      while (exitCode == null) {
        loop.tick();
        if (exitCode == null) {
          LockSupport.parkNanos(config.tickInterval().toNanos());
        }
      }
      return exitCode;
    } finally {
      if (guard != null) {
        guard.stopChosen();
      }
    }
  }

  private int failStart(String code, String message, Throwable e) {
    state = LifecycleState.ERROR;
    if (config == null) {
      // failed before the config was read (the pid lock, the data directory): log as --json asks
      Logging.configure(forceJson ? LogFormat.JSON : LogFormat.AUTO, "info");
    }
    log.atError().setMessage("daemon_start_failed").addKeyValue("error", message).log();
    err.println("reprise daemon: error: " + message);
    err.flush();
    closeQuietly();
    if (!(e instanceof DaemonAlreadyRunning) && lock != null) {
      lock.close();
    }
    reportFailure(code, message);
    return 1;
  }

  /** With --json, the failure as the last line of stdout, after every log line. */
  private void reportFailure(String code, String message) {
    if (jsonErrors != null) {
      System.out.flush();
      ErrorJson.print(jsonErrors, code, message);
    }
  }

  private void start() {
    state = LifecycleState.STARTING;
    PrivateFiles.directory(dataDir.root());
    lock = PidLock.acquire(dataDir.pidFile());
    configFile = configFile();
    config = ConfigLoader.load(configFile, dataDir.root(), System.getenv());
    Logging.configure(forceJson ? LogFormat.JSON : config.logFormat(), config.logLevel());
    guard = ProcessGuard.install(() -> state, () -> reprise);
    installSignals();
    DataDirGuard.secure(dataDir, config);
    credentials = Credentials.load(dataDir);
    Tls tls = config.tls() ? Tls.load(config.tlsKeystore(), config.tlsKeystorePassword()) : null;
    if (tls != null) {
      warnIfReadableByOthers(config.tlsKeystore());
    }
    WorkflowCatalog.Found found = WorkflowCatalog.load(config, dataDir.root());
    workflowNames = found.workflows().stream().map(w -> w.name()).sorted().toList();
    reprise = build(found);
    RecoveryReport recovered = reprise.start();
    server = ApiServer.start(config, tls, credentials, new ApiRoutes(this).routes(), this);
    writeEndpoint(tls);
    if (!ConfigLoader.isLoopback(config.httpHost())) {
      log.atWarn()
          .setMessage("http_exposed")
          .addKeyValue("http_host", config.httpHost())
          .addKeyValue("http_port", server.port())
          .addKeyValue("tls", true)
          .addKeyValue(
              "exposed",
              "the HTTP API, over TLS, to every host that can reach this address: with the token,"
                  + " every run's input, output and journal, the status and config, and every"
                  + " operator action; with the read-only token, all reads; with no token, only"
                  + " /api/health, /api/ready and /api/challenge")
          .log();
    }
    startedAt = Instant.now();
    heartbeatAt = startedAt;
    state = LifecycleState.RUNNING;
    log.atInfo()
        .setMessage("daemon_started")
        .addKeyValue("pid", ProcessHandle.current().pid())
        .addKeyValue("http_host", config.httpHost())
        .addKeyValue("http_port", server.port())
        .addKeyValue("data_dir", dataDir.root().toString())
        .addKeyValue("config_file", configFile == null ? null : configFile.toString())
        .addKeyValue("workflows", workflowNames)
        .addKeyValue("workflow_origins", found.origins())
        .addKeyValue("runs_restarted", recovered.runsRestarted())
        .addKeyValue("runs_quarantined", recovered.runsQuarantined())
        .addKeyValue("crash_loop_limit", config.crashLoopLimit())
        .addKeyValue("exit_on_out_of_memory", ProcessGuard.exitsOnOutOfMemory())
        .log();
  }

  @Override
  public Credentials.Proofs prove(String nonce) {
    return credentials.prove(ProcessHandle.current().pid(), server.port(), nonce);
  }

  private Path configFile() {
    if (explicitConfig != null) {
      return explicitConfig;
    }
    return Files.exists(dataDir.defaultConfig()) ? dataDir.defaultConfig() : null;
  }

  private Reprise build(WorkflowCatalog.Found found) {
    Reprise.Builder b =
        Reprise.builder()
            .namespace(config.namespace())
            .workflows(found.workflows())
            .concurrency(config.concurrency())
            .pollInterval(config.pollInterval())
            .shutdownTimeout(config.gracefulTimeout())
            .crashLoopLimit(config.crashLoopLimit());
    if (config.nodeId() != null) {
      b.nodeId(config.nodeId());
    }
    b.env(config.env()).leaseTtl(config.leaseTtl());
    switch (config.store()) {
      case SQLITE -> b.sqlite(config.sqlitePath()).synchronous(config.sqliteSynchronous());
      case POSTGRES -> b.postgres(config.postgresUrl());
    }
    return b.build();
  }

  private void installSignals() {
    for (String name : List.of("TERM", "INT")) {
      warnIfNot(
          name,
          Signals.install(
              name,
              () -> {
                shutdownSignal = name;
                shutdownSignals.incrementAndGet();
                wakeLoop();
              }));
    }
    warnIfNot("HUP", Signals.install("HUP", () -> flag(reloadRequested)));
    warnIfNot("USR1", Signals.install("USR1", () -> flag(statusRequested)));
  }

  private void flag(AtomicBoolean f) {
    f.set(true);
    wakeLoop();
  }

  private void wakeLoop() {
    Thread t = loopThread;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  /** The keystore holds the server's private key: another user who can read it has a copy. */
  private static void warnIfReadableByOthers(Path keystore) {
    try {
      var mode = java.nio.file.Files.getPosixFilePermissions(keystore);
      if (mode.contains(java.nio.file.attribute.PosixFilePermission.GROUP_READ)
          || mode.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ)) {
        log.atWarn()
            .setMessage("keystore_readable_by_others")
            .addKeyValue("file", keystore.toString())
            .addKeyValue("mode", java.nio.file.attribute.PosixFilePermissions.toString(mode))
            .addKeyValue(
                "why", "it holds the server's private key, behind its password only: chmod 600 it")
            .log();
      }
    } catch (java.io.IOException | UnsupportedOperationException e) {
      // no POSIX modes here, or it cannot be read: Tls.load said so already
    }
  }

  private static void warnIfNot(String signal, String problem) {
    if (problem != null) {
      log.atWarn()
          .setMessage("signal_not_handled")
          .addKeyValue("signal", signal)
          .addKeyValue("why", problem)
          .log();
    }
  }

  private void dispatch(Command command) {
    switch (command) {
      case Command.Shutdown s -> shutdown(s.origin());
      case Command.Reload r -> reload();
      case Command.StatusDump d -> logStatus();
    }
  }

  /** Turns the flags the signal handlers set into mailbox commands. */
  private void intake() {
    int signals = shutdownSignals.get();
    while (shutdownsSeen < signals) {
      shutdownsSeen++;
      loop.post(new Command.Shutdown(shutdownSignal));
    }
    if (reloadRequested.getAndSet(false)) {
      loop.post(new Command.Reload("HUP"));
    }
    if (statusRequested.getAndSet(false)) {
      loop.post(new Command.StatusDump("USR1"));
    }
  }

  private void heartbeat() {
    heartbeatAt = Instant.now();
    log.atDebug()
        .setMessage("heartbeat")
        .addKeyValue("ticks", loop.ticks())
        .addKeyValue("state", state.label())
        .log();
  }

  /** Repairs parents whose wake-up was lost, every sweep interval. */
  private void sweep() {
    if (state != LifecycleState.RUNNING) {
      return;
    }
    Instant now = Instant.now();
    if (Duration.between(lastSweep, now).compareTo(config.sweepInterval()) < 0) {
      return;
    }
    lastSweep = now;
    ReconcileReport r = reprise.reconcile();
    if (r.replayed() > 0) {
      log.atInfo().setMessage("sweep").addKeyValue("replayed", r.replayed()).log();
    }
  }

  private void shutdown(String origin) {
    if (state == LifecycleState.DRAINING) {
      log.atWarn().setMessage("daemon_shutdown_forced").addKeyValue("signal", origin).log();
      reportFailure(
          "shutdown_forced", "a second " + origin + " during the drain stopped it at once");
      System.out.flush();
      Runtime.getRuntime().halt(1);
    }
    if (state != LifecycleState.RUNNING) {
      return;
    }
    state = LifecycleState.DRAINING;
    drainDeadline = Instant.now().plus(config.gracefulTimeout()).plus(DRAIN_MARGIN);
    log.atInfo()
        .setMessage("daemon_drain_begin")
        .addKeyValue("signal", origin)
        .addKeyValue("graceful_timeout", ConfigLoader.format(config.gracefulTimeout()))
        .log();
    Thread.ofPlatform()
        .name("reprise-drain")
        .daemon(true)
        .start(
            () -> {
              try {
                reprise.close();
              } catch (RuntimeException e) {
                log.atError().setMessage("drain_failed").setCause(e).log();
              } finally {
                drained = true;
                wakeLoop();
              }
            });
  }

  private void checkDrain() {
    if (state != LifecycleState.DRAINING) {
      return;
    }
    if (drained) {
      Path wal = walLeft();
      if (wal == null) {
        stop(0, "drained");
      } else {
        // the checkpoint at close failed (a full disk, say): the database file alone is not the
        // whole store, and an operator who copies it alone would copy a damaged file
        log.atError()
            .setMessage("store_wal_kept")
            .addKeyValue("wal", wal.toString())
            .addKeyValue(
                "error",
                "the close could not copy the -wal into the database file: keep "
                    + wal.getFileName()
                    + " beside "
                    + config.sqlitePath().getFileName()
                    + " (the next start reads it); the database file alone is not the whole store")
            .log();
        stop(1, "drained_wal_kept");
      }
    } else if (Instant.now().isAfter(drainDeadline)) {
      log.atError()
          .setMessage("daemon_graceful_timeout_exceeded")
          .addKeyValue("graceful_timeout", ConfigLoader.format(config.gracefulTimeout()))
          .log();
      stop(1, "graceful_timeout_exceeded");
    }
  }

  /** The SQLite store's {@code -wal} when it still holds commits after the close, else null. */
  private Path walLeft() {
    if (config.store() != DaemonConfig.StoreKind.SQLITE) {
      return null;
    }
    Path wal = config.sqlitePath().resolveSibling(config.sqlitePath().getFileName() + "-wal");
    try {
      return Files.exists(wal) && Files.size(wal) > 0 ? wal : null;
    } catch (IOException e) {
      return wal;
    }
  }

  private void stop(int code, String how) {
    server.stop();
    try {
      Files.deleteIfExists(dataDir.endpointFile());
    } catch (IOException e) {
      log.atWarn().setMessage("endpoint_file_not_removed").addKeyValue("error", e.toString()).log();
    }
    lock.close();
    state = LifecycleState.STOPPED;
    log.atInfo()
        .setMessage("daemon_stopped")
        .addKeyValue("how", how)
        .addKeyValue("signal", shutdownSignal)
        .addKeyValue("ticks", loop.ticks())
        .addKeyValue("uptime_seconds", uptimeSeconds())
        .addKeyValue("exit_code", code)
        .log();
    if (code != 0) {
      reportFailure(how, "the daemon stopped with exit code " + code + ": " + how);
    }
    exitCode = code;
  }

  private void reload() {
    Instant at = Instant.now();
    Path file = configFile();
    try {
      DaemonConfig fresh = ConfigLoader.load(file, dataDir.root(), System.getenv());
      DaemonConfig applied = fresh.reloadedOver(config);
      List<String> changed = differing(config.asMap(), applied.asMap());
      List<String> needRestart = differing(applied.asMap(), fresh.asMap());
      config = applied;
      configFile = file;
      Logging.configure(forceJson ? LogFormat.JSON : applied.logFormat(), applied.logLevel());
      lastReload = new StatusSnapshot.Reload(at.toString(), true, null);
      log.atInfo()
          .setMessage("config_reloaded")
          .addKeyValue("config_file", file == null ? null : file.toString())
          .addKeyValue("changed", changed)
          .addKeyValue("restart_required", needRestart)
          .log();
    } catch (ConfigException e) {
      lastReload = new StatusSnapshot.Reload(at.toString(), false, e.getMessage());
      log.atError()
          .setMessage("config_reload_failed")
          .addKeyValue("error", e.getMessage())
          .addKeyValue("key", e.key())
          .addKeyValue("note", "keeping the previous config")
          .log();
    }
  }

  private static List<String> differing(Map<String, Object> a, Map<String, Object> b) {
    List<String> keys = new ArrayList<>();
    a.forEach(
        (k, v) -> {
          if (!String.valueOf(v).equals(String.valueOf(b.get(k)))) {
            keys.add(k);
          }
        });
    return keys;
  }

  private void logStatus() {
    StatusSnapshot s = status();
    var event = log.atInfo().setMessage("daemon_status");
    event.addKeyValue("state", s.state());
    event.addKeyValue("pid", s.pid());
    event.addKeyValue("uptime_seconds", s.uptimeSeconds());
    event.addKeyValue("ticks", s.ticks());
    event.addKeyValue("runs", s.runs());
    event.addKeyValue("mailbox_size", s.mailboxSize());
    event.addKeyValue("http_port", s.httpPort());
    event.addKeyValue("last_reload", s.lastReload());
    event.addKeyValue("config", s.config());
    event.log();
  }

  @Override
  public LifecycleState state() {
    return state;
  }

  @Override
  public StatusSnapshot status() {
    DaemonConfig c = config;
    return new StatusSnapshot(
        state.label(),
        ProcessHandle.current().pid(),
        startedAt == null ? null : startedAt.toString(),
        uptimeSeconds(),
        loop.ticks(),
        loop.mailboxSize(),
        runCounts(),
        c.httpHost(),
        server == null ? c.httpPort() : server.port(),
        dataDir.root().toString(),
        reprise != null ? reprise.nodeId() : c.nodeId(),
        configFile == null ? null : configFile.toString(),
        c.asMap(),
        lastReload,
        workflowNames,
        heartbeatAt == null ? null : heartbeatAt.toString());
  }

  private Map<String, Long> runCounts() {
    if (state != LifecycleState.RUNNING) {
      return null;
    }
    try {
      Map<RunStatus, Long> counts = reprise.countByStatus();
      Map<String, Long> byLabel = new LinkedHashMap<>();
      for (RunStatus s : RunStatus.values()) {
        byLabel.put(s.label(), counts.getOrDefault(s, 0L));
      }
      return byLabel;
    } catch (RuntimeException e) {
      log.atWarn().setMessage("run_counts_failed").addKeyValue("error", e.toString()).log();
      return null;
    }
  }

  @Override
  public Reprise reprise() {
    return reprise;
  }

  private long uptimeSeconds() {
    return startedAt == null ? 0 : Duration.between(startedAt, Instant.now()).toSeconds();
  }

  /**
   * Where the CLI finds the API: written atomically, 0600, once the server listens. With TLS it
   * holds the certificate's SHA-256, which the CLI pins.
   */
  private void writeEndpoint(Tls tls) {
    Map<String, Object> endpoint = new LinkedHashMap<>();
    endpoint.put("pid", ProcessHandle.current().pid());
    endpoint.put("http_host", config.httpHost());
    endpoint.put("http_port", server.port());
    endpoint.put("data_dir", dataDir.root().toString());
    endpoint.put("tls", tls != null);
    if (tls != null) {
      endpoint.put("tls_certificate_sha256", tls.certificateSha256());
    }
    try {
      PrivateFiles.write(dataDir.endpointFile(), CliJson.write(endpoint) + "\n");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot write " + dataDir.endpointFile(), e);
    }
  }

  private void closeQuietly() {
    try {
      if (server != null) {
        server.stop();
      }
      if (reprise != null) {
        reprise.close();
      }
    } catch (RuntimeException e) {
      log.atWarn().setMessage("close_failed").addKeyValue("error", e.toString()).log();
    }
  }
}
