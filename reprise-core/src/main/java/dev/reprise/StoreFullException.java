package dev.reprise;

/**
 * The disk (or the server's) is full: nothing of the refused write was stored. Writes work again
 * once space is freed.
 */
public final class StoreFullException extends StoreException {
  public StoreFullException(String location, String problem, Throwable cause) {
    super(location, problem, cause);
  }
}
