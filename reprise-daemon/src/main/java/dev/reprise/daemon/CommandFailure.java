package dev.reprise.daemon;

/**
 * A command could not do its job for a reason the user can act on; its message is printed as is,
 * and the command exits 1.
 */
public class CommandFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CommandFailure(String message) {
    super(message);
  }

  public CommandFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
