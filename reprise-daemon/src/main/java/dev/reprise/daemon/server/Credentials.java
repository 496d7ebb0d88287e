package dev.reprise.daemon.server;

import dev.reprise.daemon.server.Route.Access;

/**
 * The API's two tokens: the full one ({@code DATA_DIR/token}) for every call, and the read-only one
 * ({@code DATA_DIR/read-token}) for the calls that change nothing, to hand to a dashboard or a
 * monitoring check.
 */
record Credentials(ApiToken full, ApiToken readOnly) {

  /** Loads both token files, creating missing ones; see {@link ApiToken#loadOrCreate}. */
  static Credentials load(DataDir dir) {
    ApiToken full = ApiToken.loadOrCreate(dir.tokenFile());
    ApiToken readOnly = ApiToken.loadOrCreate(dir.readTokenFile());
    if (full.sameAs(readOnly)) {
      throw new StartRefused(
          dir.readTokenFile()
              + " holds the same token as "
              + dir.tokenFile()
              + ", which would let it change state: delete "
              + dir.readTokenFile()
              + " and start the daemon again to generate another");
    }
    return new Credentials(full, readOnly);
  }

  /** What an {@code Authorization} header grants: WRITE, READ, or OPEN (no token, a wrong one). */
  Access grant(String authorization) {
    String presented = ApiToken.bearer(authorization);
    if (full.matches(presented)) {
      return Access.WRITE;
    }
    return readOnly.matches(presented) ? Access.READ : Access.OPEN;
  }

  /** The daemon's answer to a challenge: a proof under each token. */
  Proofs prove(long pid, int port, String nonce) {
    return new Proofs(full.proof(pid, port, nonce), readOnly.proof(pid, port, nonce));
  }

  /** Proofs under the full and the read-only token. */
  record Proofs(String proof, String readProof) {}
}
