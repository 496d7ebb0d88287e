package dev.reprise.daemon.server;

/** What the event loop is asked to do, through its mailbox. */
sealed interface Command {
  /** Where it came from: a signal's name, or {@code api}. */
  String origin();

  /** Drain and stop. */
  record Shutdown(String origin) implements Command {}

  /** Read the config file again. */
  record Reload(String origin) implements Command {}

  /** Log a status snapshot. */
  record StatusDump(String origin) implements Command {}
}
