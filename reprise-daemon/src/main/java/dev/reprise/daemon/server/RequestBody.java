package dev.reprise.daemon.server;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads one request body within the API's limits: over {@code http.max_body_bytes} is a 413, known
 * from {@code Content-Length} before a byte of the body is read; room for the bytes is reserved in
 * the {@link InFlight} slot before they are read (a 503 when there is none); and the body must
 * arrive before the {@link ReadDeadline.Watch} expires, whose 408 is then the answer.
 */
final class RequestBody {
  /** Seconds a client refused for load is asked to wait. */
  static final String RETRY_AFTER = "1";

  /** Thrown when the deadline has answered already: the exchange only needs closing. */
  static final class Answered extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Answered() {
      super("answered by the read deadline", null, false, false);
    }
  }

  private RequestBody() {}

  /** The declared length, or -1 when the body is chunked (or absent and so empty). */
  static long declaredLength(HttpExchange ex, int maxBody) {
    String length = ex.getRequestHeaders().getFirst("Content-Length");
    if (length == null) {
      return -1;
    }
    long n;
    try {
      n = Long.parseLong(length.strip());
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("Content-Length: not a whole number");
    }
    if (n > maxBody) {
      throw tooLarge(maxBody);
    }
    return n;
  }

  static byte[] read(
      HttpExchange ex, int maxBody, InFlight.Slot slot, ReadDeadline.Watch deadline) {
    long declared = declaredLength(ex, maxBody);
    if (declared > 0 && !slot.reserve(declared)) {
      deadline.finish();
      throw busy();
    }
    try {
      InputStream in = ex.getRequestBody();
      byte[] body =
          declared >= 0 ? readDeclared(in, (int) declared) : readChunked(in, maxBody, slot);
      if (!deadline.finish()) {
        throw new Answered();
      }
      return body;
    } catch (IOException e) {
      if (deadline.expired() || !deadline.finish()) {
        throw new Answered();
      }
      throw ApiError.badRequest("cannot read the body: " + e.getMessage());
    } catch (ApiError e) {
      deadline.finish();
      throw e;
    }
  }

  private static byte[] readDeclared(InputStream in, int n) throws IOException {
    byte[] body = new byte[n];
    int got = in.readNBytes(body, 0, n);
    if (got < n) {
      throw new IOException("the connection closed after " + got + " of " + n + " bytes");
    }
    return body;
  }

  private static byte[] readChunked(InputStream in, int maxBody, InFlight.Slot slot)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int r;
    while ((r = in.read(buf)) > 0) {
      if (out.size() + (long) r > maxBody) {
        throw tooLarge(maxBody);
      }
      // twice: the buffer grows by doubling, and is copied once more at the end
      if (!slot.reserve(2L * r)) {
        throw busy();
      }
      out.write(buf, 0, r);
    }
    return out.toByteArray();
  }

  static ApiError tooLarge(int maxBody) {
    return new ApiError(
        413, "body_too_large", null, "the body is over the limit of " + maxBody + " bytes");
  }

  static ApiError busy() {
    return new ApiError(
        503,
        "busy",
        null,
        "the daemon is reading as many requests as it may at once; retry after "
            + RETRY_AFTER
            + " s");
  }

  static ApiError timedOut(ReadDeadline deadline) {
    return new ApiError(
        408,
        "request_timeout",
        null,
        "the request's body did not arrive within "
            + ConfigLoader.format(deadline.timeout())
            + " (http.read_timeout)");
  }
}
