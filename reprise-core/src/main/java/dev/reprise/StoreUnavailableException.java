package dev.reprise;

/**
 * The store cannot be used: the database cannot be opened or written, it is not a Reprise database,
 * its schema is newer than this version understands, it was opened read-only, or it is closed.
 */
public final class StoreUnavailableException extends StoreException {
  public StoreUnavailableException(String location, String problem, Throwable cause) {
    super(location, problem, cause);
  }
}
