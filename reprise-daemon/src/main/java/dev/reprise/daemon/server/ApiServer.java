package dev.reprise.daemon.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.reprise.IdempotencyConflictException;
import dev.reprise.InvalidConfigurationException;
import dev.reprise.InvalidInputException;
import dev.reprise.RunNotFoundException;
import dev.reprise.RunStateException;
import dev.reprise.ScheduleNotFoundException;
import dev.reprise.StoreConnectionException;
import dev.reprise.StoreCorruptedException;
import dev.reprise.StoreException;
import dev.reprise.StoreFullException;
import dev.reprise.StoreUnavailableException;
import dev.reprise.UnknownWorkflowException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP JSON API on the JDK's own server ({@code com.sun.net.httpserver}, its {@code
 * HttpsServer} when the config gives a keystore): no dependency, a virtual thread per request, and
 * the few features the API needs. One handler routes every path, so that unknown paths, wrong
 * methods, a missing token, a body over the limit and bad input all get a JSON error with a 4xx
 * status; only a fault of the daemon itself is a 5xx. Every route but health, readiness and the
 * challenge needs a token ({@link Credentials}).
 */
final class ApiServer {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
  static final ObjectMapper JSON =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  /**
   * The most of a refused body read and dropped, after the answer, before the connection is closed:
   * a client still sending then reads the answer rather than a reset connection.
   */
  private static final long DRAIN_LIMIT = 64L * 1024 * 1024;

  private final HttpServer server;
  private final ExecutorService executor;
  private final ReadDeadline deadlines;

  private ApiServer(HttpServer server, ExecutorService executor, ReadDeadline deadlines) {
    this.server = server;
    this.executor = executor;
    this.deadlines = deadlines;
  }

  static ApiServer start(
      DaemonConfig config, Tls tls, Credentials credentials, List<Route> routes, DaemonView d) {
    limitJdkServer(config.httpLimits());
    HttpServer server;
    try {
      InetSocketAddress address = new InetSocketAddress(config.httpHost(), config.httpPort());
      if (tls == null) {
        server = HttpServer.create(address, 64);
      } else {
        HttpsServer https = HttpsServer.create(address, 64);
        https.setHttpsConfigurator(new HttpsConfigurator(tls.context()));
        server = https;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on " + config.httpHost() + ":" + config.httpPort() + ": " + e.getMessage(),
          e);
    }
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    boolean loopbackOnly = ConfigLoader.isLoopback(config.httpHost());
    HttpLimits limits = config.httpLimits();
    InFlight inFlight = new InFlight(limits.maxRequestsInFlight(), limits.maxBodyBytesInFlight());
    ReadDeadline deadlines = new ReadDeadline(limits.readTimeout());
    Limits l = new Limits(config.maxBodyBytes(), inFlight, deadlines);
    server.createContext(
        "/", ex -> new Exchange(ex, routes, credentials, l, loopbackOnly, d).serve());
    server.start();
    return new ApiServer(server, executor, deadlines);
  }

  /**
   * The JDK server's own limit of time, read once from system properties when its first server is
   * made. {@code maxReqTime} closes, with no answer, a connection whose request (headers and body)
   * has not fully arrived in that many seconds, checked each second: set a second beyond {@code
   * http.read_timeout}, so that a request whose headers came in time is answered 408 by its {@link
   * ReadDeadline} first. A connection that sends nothing is closed in the same time, checked each
   * {@code clockTick} ms (10 s unless set).
   */
  private static void limitJdkServer(HttpLimits limits) {
    long seconds = (limits.readTimeout().toMillis() + 999) / 1000 + 1;
    System.setProperty("sun.net.httpserver.maxReqTime", Long.toString(seconds));
    if (System.getProperty("sun.net.httpserver.clockTick") == null) {
      System.setProperty("sun.net.httpserver.clockTick", "1000");
    }
  }

  /**
   * Whether a Host header names this machine's loopback. A daemon on loopback answers only those,
   * so that a web page whose name was rebound to 127.0.0.1 cannot read the API from a browser.
   */
  static boolean isLoopbackHostHeader(String host) {
    if (host == null) {
      return false;
    }
    String name = host.strip().toLowerCase(java.util.Locale.ROOT);
    if (name.startsWith("[")) {
      int end = name.indexOf(']');
      return end > 0 && name.substring(1, end).equals("::1");
    }
    int colon = name.indexOf(':');
    if (colon >= 0) {
      name = name.substring(0, colon);
    }
    return name.equals("localhost") || name.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  int port() {
    return server.getAddress().getPort();
  }

  void stop() {
    server.stop(0);
    executor.shutdownNow();
    deadlines.close();
  }

  /** What every exchange is held to: the body limit, the in-flight caps, the read deadline. */
  private record Limits(int maxBody, InFlight inFlight, ReadDeadline deadlines) {}

  private static final class Exchange {
    private final HttpExchange ex;
    private final List<Route> routes;
    private final Credentials credentials;
    private final Limits limits;
    private final boolean loopbackOnly;
    private final DaemonView daemon;
    private final Responder responder;
    private InFlight.Slot slot;
    private boolean bodyRead;

    Exchange(
        HttpExchange ex,
        List<Route> routes,
        Credentials credentials,
        Limits limits,
        boolean loopbackOnly,
        DaemonView daemon) {
      this.ex = ex;
      this.routes = routes;
      this.credentials = credentials;
      this.limits = limits;
      this.loopbackOnly = loopbackOnly;
      this.daemon = daemon;
      this.responder = new Responder(ex);
    }

    void serve() {
      try (ex) {
        Route.Reply reply;
        try {
          reply = route();
        } catch (RequestBody.Answered e) {
          reply = null;
        } catch (ApiError e) {
          reply = error(e.status(), e.code(), e.field(), e.getMessage());
          if (e.status() == 503) {
            ex.getResponseHeaders().set("Retry-After", RequestBody.RETRY_AFTER);
          }
        } catch (RuntimeException e) {
          reply = failure(e);
        }
        boolean unread = !bodyRead && hasBody();
        try {
          if (reply != null) {
            responder.send(reply, unread);
          }
        } finally {
          if (slot != null) {
            slot.close();
          }
        }
        if (unread) {
          drain();
        }
      } catch (IOException | RuntimeException e) {
        log.atDebug().setMessage("http_write_failed").addKeyValue("error", e.toString()).log();
      }
    }

    private Route.Reply route() {
      if (loopbackOnly && !isLoopbackHostHeader(ex.getRequestHeaders().getFirst("Host"))) {
        throw new ApiError(
            403, "forbidden_host", null, "this daemon answers requests for localhost only");
      }
      List<String> path = segments(ex.getRequestURI().getRawPath());
      String method = ex.getRequestMethod();
      Set<String> allowed = new LinkedHashSet<>();
      for (Route r : routes) {
        Map<String, String> params = r.match(path);
        if (params == null) {
          continue;
        }
        if (!r.method().equals(method)) {
          allowed.add(r.method());
          continue;
        }
        authorize(r.access());
        Map<String, String> query = query(ex.getRequestURI().getRawQuery());
        byte[] body = body(r);
        if (r.changesState() && daemon.state() != LifecycleState.RUNNING) {
          throw new ApiError(503, "not_running", null, "the daemon is " + daemon.state().label());
        }
        return r.handler().handle(new ApiRequest(params, query, body));
      }
      if (!allowed.isEmpty()) {
        ex.getResponseHeaders().add("Allow", String.join(", ", allowed));
        throw new ApiError(
            405, "method_not_allowed", null, method + " is not allowed here; allowed: " + allowed);
      }
      throw new ApiError(404, "route_not_found", null, "no such endpoint; see /api/openapi.json");
    }

    /** Refuses a call its token does not allow, before anything is read. */
    private void authorize(Route.Access needed) {
      if (needed == Route.Access.OPEN) {
        return;
      }
      Route.Access granted = credentials.grant(ex.getRequestHeaders().getFirst("Authorization"));
      if (granted == Route.Access.OPEN) {
        ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"reprise\"");
        throw new ApiError(
            401,
            "unauthorized",
            null,
            "send 'Authorization: Bearer TOKEN', the token being in the data directory's 'token'"
                + " file (or, for calls that change nothing, its 'read-token' file)");
      }
      if (needed == Route.Access.WRITE && granted != Route.Access.WRITE) {
        throw new ApiError(
            403,
            "forbidden",
            null,
            "the read-only token cannot change state; this call needs the 'token' file's token");
      }
    }

    private Route.Reply failure(RuntimeException e) {
      return switch (e) {
        case RunNotFoundException n -> error(404, "run_not_found", "id", n.getMessage());
        case ScheduleNotFoundException n ->
            error(404, "schedule_not_found", "name", n.getMessage());
        case UnknownWorkflowException u -> error(400, "invalid_field", "workflow", u.getMessage());
        case InvalidInputException i -> error(400, "invalid_field", "input", i.getMessage());
        case InvalidConfigurationException c ->
            error(400, "invalid_field", snake(c.field()), c.getMessage());
        case RunStateException s -> error(409, "wrong_status", null, s.getMessage());
        case IdempotencyConflictException c -> conflict(c);
        case StoreFullException f -> storeTrouble(507, "store_full", f, 10);
        case StoreConnectionException u -> storeTrouble(503, "store_unavailable", u, 5);
        case StoreUnavailableException u -> storeTrouble(503, "store_unavailable", u, 5);
        case StoreCorruptedException c ->
            error(
                500,
                "store_corrupted",
                null,
                c.getMessage()
                    + "; stop the daemon, keep a copy of the files, run 'reprise diag check' and"
                    + " restore from a backup");
        default -> {
          if (daemon.state() != LifecycleState.RUNNING) {
            yield error(503, "not_running", null, "the daemon is " + daemon.state().label());
          }
          log.atError()
              .setMessage("http_request_failed")
              .addKeyValue("method", ex.getRequestMethod())
              .addKeyValue("path", ex.getRequestURI().getRawPath())
              .setCause(e)
              .log();
          yield error(
              500,
              "internal_error",
              null,
              "the daemon failed on this request; its log has the cause (event"
                  + " http_request_failed)");
        }
      };
    }

    /** A write the store could not take: the client may try again after {@code retryAfter} s. */
    private Route.Reply storeTrouble(int status, String code, StoreException e, int retryAfter) {
      ex.getResponseHeaders().set("Retry-After", Integer.toString(retryAfter));
      log.atError()
          .setMessage("store_write_failed")
          .addKeyValue("error", code)
          .addKeyValue("message", e.getMessage())
          .log();
      return error(status, code, null, e.getMessage());
    }

    /**
     * The same idempotency key or run id as an existing run, with another workflow or input: the
     * field taken and the existing run, which a client may want instead.
     */
    private static Route.Reply conflict(IdempotencyConflictException c) {
      Map<String, Object> body =
          errorBody(
              "idempotency_conflict",
              c.key().startsWith("run id") ? "run_id" : "idempotency_key",
              c.getMessage());
      body.put("existing_run", c.runId());
      return new Route.Reply(409, body);
    }

    private static String snake(String field) {
      return field == null
          ? null
          : PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(field);
    }

    private static Route.Reply error(int status, String code, String field, String message) {
      return new Route.Reply(status, errorBody(code, field, message));
    }

    private static Map<String, Object> errorBody(String code, String field, String message) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", code);
      body.put("message", message);
      if (field != null) {
        body.put("field", field);
      }
      return body;
    }

    /**
     * The path's segments, percent-decoded one by one. Empty and dot segments as sent ({@code
     * /api/runs/..}) are refused: a client or proxy may have resolved them away. A percent-encoded
     * segment ({@code %2E%2E}, {@code a%00b}) is a parameter's value as it is, so that a run or
     * schedule stored under such an id before ids were checked can still be reached.
     */
    private static List<String> segments(String raw) {
      if (raw == null || !raw.startsWith("/")) {
        throw ApiError.badRequest("bad path");
      }
      List<String> out = new ArrayList<>();
      String trimmed =
          raw.length() > 1 && raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw;
      for (String s : trimmed.substring(1).split("/", -1)) {
        if (s.isEmpty() || s.equals(".") || s.equals("..")) {
          throw new ApiError(
              404, "route_not_found", null, "no such endpoint; see /api/openapi.json");
        }
        out.add(decode(s, "path"));
      }
      return out;
    }

    private static Map<String, String> query(String raw) {
      Map<String, String> q = new LinkedHashMap<>();
      if (raw == null || raw.isEmpty()) {
        return q;
      }
      for (String pair : raw.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String k = decode(eq < 0 ? pair : pair.substring(0, eq), "query");
        String v = eq < 0 ? "" : decode(pair.substring(eq + 1), k);
        if (k.equals(FlowRoutes.TAG) && q.containsKey(k)) {
          // tags are the one repeated parameter: a line break, which no tag holds, parts them
          q.put(k, q.get(k) + "\n" + v);
        } else if (q.put(k, v) != null) {
          throw ApiError.badField(k, "given more than once");
        }
      }
      return q;
    }

    private static String decode(String s, String field) {
      try {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw ApiError.badField(field, "bad percent-encoding");
      }
    }

    /**
     * The body, read within the limits, after a slot is taken. Health and readiness without a body
     * take none: their answers are small, and a prober must not take a busy daemon for a dead one.
     */
    private byte[] body(Route r) {
      boolean hasBody = RequestBody.declaredLength(ex, limits.maxBody()) > 0 || hasBody();
      if (r.access() != Route.Access.OPEN || !r.method().equals("GET") || hasBody) {
        slot = limits.inFlight().admit();
        if (slot == null) {
          throw RequestBody.busy();
        }
      }
      if (!hasBody) {
        bodyRead = true;
        return new byte[0];
      }
      Thread reader = Thread.currentThread();
      ReadDeadline.Watch watch =
          limits
              .deadlines()
              .start(
                  responder,
                  () -> {
                    ApiError e = RequestBody.timedOut(limits.deadlines());
                    try {
                      responder.send(error(e.status(), e.code(), null, e.getMessage()), true);
                    } catch (IOException | RuntimeException failed) {
                      log.atDebug()
                          .setMessage("http_write_failed")
                          .addKeyValue("error", failed.toString())
                          .log();
                    }
                    // the blocked read fails as the interrupt closes its channel
                    reader.interrupt();
                  });
      byte[] body = RequestBody.read(ex, limits.maxBody(), slot, watch);
      bodyRead = true;
      return body;
    }

    /** Whether the request says it has a body (chunked, or a length above 0). */
    private boolean hasBody() {
      var h = ex.getRequestHeaders();
      if (h.containsKey("Transfer-Encoding")) {
        return true;
      }
      String length = h.getFirst("Content-Length");
      return length != null && !length.strip().equals("0");
    }

    /**
     * Reads and drops what is left of a body that was not read (refused, or the request failed
     * before), up to a bound, after the answer: a client still sending gets the answer rather than
     * a reset connection. The JDK server's {@code maxReqTime} bounds the time it may take.
     */
    private void drain() {
      try {
        InputStream in = ex.getRequestBody();
        long dropped = 0;
        byte[] buf = new byte[8192];
        int r;
        while (dropped < DRAIN_LIMIT && (r = in.read(buf)) > 0) {
          dropped += r;
        }
      } catch (IOException e) {
        // the client gave up, or the deadline closed the connection
      }
    }
  }
}
