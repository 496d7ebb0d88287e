package dev.reprise;

/**
 * The store cannot be used: the database cannot be opened or written, it is not a Reprise database,
 * or its schema is newer than this version understands. {@link #location()} names the file or URL.
 */
public final class StoreUnavailableException extends RepriseException {
  private final String location;

  public StoreUnavailableException(String location, String problem, Throwable cause) {
    super(location + ": " + problem, cause);
    this.location = location;
  }

  public String location() {
    return location;
  }
}
