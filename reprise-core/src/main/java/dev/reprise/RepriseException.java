package dev.reprise;

/**
 * The root of every exception Reprise throws; never thrown itself. Unchecked. Catch a subclass for
 * the failure you handle: {@link RunException} for one run (its id attached), {@link
 * StoreException} when the database cannot do what was asked, {@link InvalidConfigurationException}
 * for a bad argument or setting.
 */
public abstract class RepriseException extends RuntimeException {
  protected RepriseException(String message) {
    super(message);
  }

  protected RepriseException(String message, Throwable cause) {
    super(message, cause);
  }
}
