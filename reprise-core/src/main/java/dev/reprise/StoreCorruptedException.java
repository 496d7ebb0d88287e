package dev.reprise;

/** The database file (or a server's data page or index) is damaged: restore it from a backup. */
public final class StoreCorruptedException extends StoreException {
  public StoreCorruptedException(String location, String problem, Throwable cause) {
    super(location, problem, cause);
  }
}
