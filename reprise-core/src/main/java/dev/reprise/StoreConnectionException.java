package dev.reprise;

/**
 * The connection to the database server broke (the server restarted or went away, an operator ended
 * the session) and could not be made again in time.
 */
public final class StoreConnectionException extends StoreException {
  public StoreConnectionException(String location, String problem, Throwable cause) {
    super(location, problem, cause);
  }
}
