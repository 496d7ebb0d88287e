package dev.reprise;

/**
 * The database could not do what was asked. {@link #location()} names the file, URL or part of the
 * store concerned. The subclasses say why, for those who handle one cause: {@link
 * StoreFullException}, {@link StoreCorruptedException}, {@link StoreConnectionException}, {@link
 * StoreConflictException}; anything else is a {@link StoreUnavailableException}.
 */
public abstract class StoreException extends RepriseException {
  private final String location;

  protected StoreException(String location, String problem, Throwable cause) {
    super(location + ": " + problem, cause);
    this.location = location;
  }

  public String location() {
    return location;
  }
}
