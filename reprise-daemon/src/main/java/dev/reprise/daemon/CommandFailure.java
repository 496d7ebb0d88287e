package dev.reprise.daemon;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A command could not do its job for a reason the user can act on; its message is printed as is,
 * and the command exits 1. With {@code --json}, {@link #code()} is the {@code error} of the JSON
 * object printed as the last line of stdout.
 */
public class CommandFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The code of a failure that has no more specific one. */
  public static final String FAILED = "failed";

  private final String code;
  private final int httpStatus;
  private final String field;
  private final Map<String, Object> details = new LinkedHashMap<>();

  public CommandFailure(String message) {
    this(FAILED, message);
  }

  public CommandFailure(String message, Throwable cause) {
    this(FAILED, message, cause);
  }

  /** A failure with a stable code, such as {@code daemon_not_running} or {@code no_database}. */
  public CommandFailure(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.httpStatus = 0;
    this.field = null;
  }

  public CommandFailure(String code, String message) {
    this(code, message, (Throwable) null);
  }

  /** The daemon's API refused a call: its error code, HTTP status and the field it names. */
  public CommandFailure(String code, String message, int httpStatus, String field) {
    super(message);
    this.code = code;
    this.httpStatus = httpStatus;
    this.field = field;
  }

  public String code() {
    return code;
  }

  /** The HTTP status of the daemon's answer, or 0 when the failure is not an API answer. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The request field the API named, or null. */
  public String field() {
    return field;
  }

  /**
   * Adds a detail of the API's answer that {@code --json} prints beside the code, such as the
   * {@code existing_run} of an idempotency conflict.
   */
  public CommandFailure detail(String name, Object value) {
    details.put(name, value);
    return this;
  }

  /** The details added, in order. */
  public Map<String, Object> details() {
    return details;
  }
}
