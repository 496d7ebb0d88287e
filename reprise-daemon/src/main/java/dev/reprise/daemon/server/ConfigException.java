package dev.reprise.daemon.server;

/** A config file or environment variable the daemon cannot use; the message names the key. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String key;

  ConfigException(String key, String message) {
    super(message);
    this.key = key;
  }

  /** The offending key, e.g. {@code http.port}, or null when the file as a whole is bad. */
  public String key() {
    return key;
  }
}
