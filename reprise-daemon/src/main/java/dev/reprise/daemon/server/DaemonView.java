package dev.reprise.daemon.server;

import dev.reprise.Reprise;

/** What the HTTP API sees of the daemon. */
interface DaemonView {
  LifecycleState state();

  StatusSnapshot status();

  /** The engine and client; usable while the state is {@code running}. */
  Reprise reprise();

  /**
   * The answer to a client's challenge: proofs under the daemon's tokens that it is the process
   * whose pid and port {@code run/daemon.json} records.
   */
  Credentials.Proofs prove(String nonce);
}
