package dev.reprise;

/** The root of every exception Reprise throws. Unchecked; subclasses carry the ids they concern. */
public class RepriseException extends RuntimeException {
  public RepriseException(String message) {
    super(message);
  }

  public RepriseException(String message, Throwable cause) {
    super(message, cause);
  }
}
