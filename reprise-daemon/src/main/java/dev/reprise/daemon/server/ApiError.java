package dev.reprise.daemon.server;

/**
 * A request the API refuses, answered as {@code {"error": code, "message": ..., "field": ...}} with
 * its HTTP status.
 */
final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;
  private final String field;

  ApiError(int status, String code, String field, String message) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }

  static ApiError badField(String field, String message) {
    return new ApiError(400, "invalid_field", field, field + ": " + message);
  }

  static ApiError badRequest(String message) {
    return new ApiError(400, "bad_request", null, message);
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  String field() {
    return field;
  }
}
