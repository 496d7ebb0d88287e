package dev.reprise.daemon.server;

import java.nio.file.Path;

/** Another daemon holds the data directory's lock. */
public final class DaemonAlreadyRunning extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String holderPid;

  DaemonAlreadyRunning(Path pidFile, String holderPid) {
    super(
        "another daemon (pid "
            + (holderPid.isEmpty() ? "not written yet" : holderPid)
            + ") holds the lock on "
            + pidFile
            + "; stop it first, or use another --data-dir");
    this.holderPid = holderPid;
  }

  /** The PID the holder wrote into the lock file, or empty if it has not written it yet. */
  public String holderPid() {
    return holderPid;
  }
}
