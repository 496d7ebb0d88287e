package dev.reprise.daemon.server;

import java.util.Locale;

/** Where the daemon is in its life; written in lower case in the status and the logs. */
public enum LifecycleState {
  INITIALIZED,
  STARTING,
  RUNNING,
  DRAINING,
  STOPPED,
  ERROR;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
