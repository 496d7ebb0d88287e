package dev.reprise;

/** A write conflicts with what is stored (a key that must be unique is taken). */
public final class StoreConflictException extends StoreException {
  public StoreConflictException(String location, String problem, Throwable cause) {
    super(location, problem, cause);
  }
}
