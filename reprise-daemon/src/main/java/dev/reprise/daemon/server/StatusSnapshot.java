package dev.reprise.daemon.server;

import java.util.List;
import java.util.Map;

/**
 * What the daemon is doing: its lifecycle state, how long it has run, the runs it holds by status
 * and the config in force. Written to the log at SIGUSR1, served at {@code GET /api/status}, and
 * printed by {@code reprise status}. JSON names are snake_case.
 *
 * @param state initialized, starting, running, draining, stopped or error
 * @param ticks event loop iterations so far
 * @param runs the number of runs in each status (every status listed), or null when the store could
 *     not be read
 * @param nodeId this daemon's id as the owner of runs: {@code node_id} from the config, else the
 *     default {@code pid@host}; null only before the engine is built
 * @param lastReload the outcome of the last reload, or null when none was asked
 */
public record StatusSnapshot(
    String state,
    long pid,
    String startedAt,
    long uptimeSeconds,
    long ticks,
    int mailboxSize,
    Map<String, Long> runs,
    String httpHost,
    int httpPort,
    String dataDir,
    String nodeId,
    String configFile,
    Map<String, Object> config,
    Reload lastReload,
    List<String> workflows,
    String heartbeatAt) {

  /**
   * The outcome of a reload.
   *
   * @param error why the new config was refused (the old one stays in force), or null
   */
  public record Reload(String at, boolean ok, String error) {}
}
