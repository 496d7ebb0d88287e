package dev.reprise.daemon.server;

/**
 * The daemon will not start on what it found: a file readable by others that it cannot make its
 * owner's alone, a weak token. The message names the file and says what to do.
 */
public final class StartRefused extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StartRefused(String message) {
    super(message);
  }
}
