package dev.reprise.daemon.server;

import dev.reprise.Reprise;

/** What the HTTP API sees of the daemon. */
interface DaemonView {
  LifecycleState state();

  StatusSnapshot status();

  /** The engine and client; usable while the state is {@code running}. */
  Reprise reprise();
}
