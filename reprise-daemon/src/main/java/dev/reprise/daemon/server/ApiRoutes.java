package dev.reprise.daemon.server;

import static dev.reprise.daemon.server.Route.Access.OPEN;
import static dev.reprise.daemon.server.Route.Access.READ;
import static dev.reprise.daemon.server.Route.Access.WRITE;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reprise.ConcurrencyKey;
import dev.reprise.Ids;
import dev.reprise.MisfirePolicy;
import dev.reprise.Reprise;
import dev.reprise.RepriseClient;
import dev.reprise.RunFilter;
import dev.reprise.RunHandle;
import dev.reprise.RunInfo;
import dev.reprise.RunOptions;
import dev.reprise.RunStatus;
import dev.reprise.StoreCorruptedException;
import dev.reprise.StoreException;
import dev.reprise.StoreFullException;
import dev.reprise.StoreWriteFailure;
import dev.reprise.daemon.server.Route.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The API's endpoints; {@code openapi.json} describes each one, and a test keeps them in step. */
final class ApiRoutes {
  static final int MAX_ID = 200;
  static final String INPUT_REQUIRED =
      "is required: the run's input as JSON (null for a workflow that takes none)";
  static final int MAX_TEXT = 2000;

  /** The actor the audit records for a call that names none. */
  static final String DEFAULT_ACTOR = "api";

  private final DaemonView daemon;
  private final RunActions actions;
  private final FlowRoutes flow;

  ApiRoutes(DaemonView daemon) {
    this.daemon = daemon;
    this.actions = new RunActions(this);
    this.flow = new FlowRoutes(this);
  }

  List<Route> routes() {
    return List.of(
        new Route("GET", "/api/health", OPEN, r -> health()),
        new Route("GET", "/api/ready", OPEN, r -> ready()),
        new Route("POST", "/api/challenge", OPEN, this::challenge),
        new Route("GET", "/api/status", READ, r -> Reply.ok(daemon.status())),
        new Route("GET", "/api/openapi.json", READ, r -> openApi()),
        new Route("GET", "/api/runs", READ, this::listRuns),
        new Route("POST", "/api/runs", WRITE, this::submit),
        new Route("GET", "/api/runs/{id}", READ, this::getRun),
        new Route("POST", "/api/runs/{id}/signal", WRITE, actions::signal),
        new Route("POST", "/api/runs/{id}/approve", WRITE, r -> actions.decide(r, true)),
        new Route("POST", "/api/runs/{id}/reject", WRITE, r -> actions.decide(r, false)),
        new Route("POST", "/api/runs/{id}/cancel", WRITE, actions::cancel),
        new Route("POST", "/api/runs/{id}/retry", WRITE, actions::retry),
        new Route("POST", "/api/runs/{id}/resume", WRITE, actions::resume),
        new Route("POST", "/api/runs/{id}/fork", WRITE, actions::fork),
        new Route("POST", "/api/runs/{id}/retry-compensation", WRITE, actions::retryCompensation),
        new Route("POST", "/api/runs/{id}/resolve", WRITE, actions::resolve),
        new Route("GET", "/api/schedules", READ, r -> schedules()),
        new Route("POST", "/api/schedules", WRITE, this::createSchedule),
        new Route("GET", "/api/schedules/{name}/audit", READ, this::scheduleAudit),
        new Route("POST", "/api/schedules/{name}/pause", WRITE, r -> pause(r, true)),
        new Route("POST", "/api/schedules/{name}/resume", WRITE, r -> pause(r, false)),
        new Route("DELETE", "/api/schedules/{name}", WRITE, this::deleteSchedule),
        new Route("GET", "/api/runs/{id}/published/{name}", READ, flow::published),
        new Route("GET", "/api/retention", READ, r -> flow.retentionPolicies(r)),
        new Route("POST", "/api/retention/{name}", WRITE, flow::setRetention),
        new Route("DELETE", "/api/retention/{name}", WRITE, flow::removeRetention),
        new Route("GET", "/api/concurrency-limits", READ, r -> flow.concurrencyLimits(r)),
        new Route("POST", "/api/concurrency-limits/{name}", WRITE, flow::setConcurrencyLimit),
        new Route("DELETE", "/api/concurrency-limits/{name}", WRITE, flow::removeConcurrencyLimit));
  }

  /**
   * Answers a client's challenge before it sends a token: proofs, under the tokens, of the nonce it
   * chose and of this daemon's pid and port (see {@link ApiToken#proof}).
   */
  private Reply challenge(ApiRequest r) {
    ObjectNode body = r.object(Set.of("nonce"));
    String nonce = ApiRequest.text(body, "nonce", true, 200);
    if (nonce.length() < 22 || !nonce.matches("[A-Za-z0-9_-]+")) {
      throw ApiError.badField("nonce", "must be at least 16 random bytes in base64url");
    }
    Credentials.Proofs p = daemon.prove(nonce);
    return Reply.ok(Map.of("proof", p.proof(), "read_proof", p.readProof()));
  }

  /**
   * Who acts, and why: the body's {@code actor} (an {@link Ids} actor; {@code api} when absent) and
   * {@code reason}, as the audit records them.
   */
  RepriseClient actor(ObjectNode body, String reason) {
    String actor = ApiRequest.text(body, "actor", false, Ids.MAX_ACTOR);
    return reprise().as(actor == null ? DEFAULT_ACTOR : Ids.requireActor("actor", actor), reason);
  }

  Reprise reprise() {
    return daemon.reprise();
  }

  private Reply health() {
    return Reply.ok(Map.of("status", "ok", "state", daemon.state().label()));
  }

  /**
   * Not ready while starting or draining, and while the store refuses writes: from a write of the
   * engine's or the API's that the store refused until one that changes something goes through.
   */
  private Reply ready() {
    boolean running = daemon.state() == LifecycleState.RUNNING;
    var failure =
        running ? daemon.reprise().storeWriteFailure() : Optional.<StoreWriteFailure>empty();
    if (failure.isPresent()) {
      StoreException error = failure.get().error();
      String reason =
          switch (error) {
            case StoreFullException f -> "store_full";
            case StoreCorruptedException c -> "store_corrupted";
            default -> "store_unavailable";
          };
      return new Reply(
          503,
          Map.of(
              "ready",
              false,
              "state",
              daemon.state().label(),
              "reason",
              reason,
              "message",
              error.getMessage(),
              "since",
              failure.get().since().toString()));
    }
    return new Reply(
        running ? 200 : 503, Map.of("ready", running, "state", daemon.state().label()));
  }

  private static Reply openApi() {
    try (InputStream in = ApiRoutes.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the jar");
      }
      return Reply.ok(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Reply listRuns(ApiRequest r) {
    r.allowQuery(Set.of("status", "workflow", "since", "limit", "cursor", FlowRoutes.TAG));
    RunFilter filter = FlowRoutes.withTags(RunFilter.all().withLimit(limit(r.query("limit"))), r);
    String status = r.query("status");
    if (status != null) {
      Set<RunStatus> statuses = EnumSet.noneOf(RunStatus.class);
      for (String s : status.split(",")) {
        try {
          statuses.add(RunStatus.fromLabel(s.strip()));
        } catch (RuntimeException e) {
          throw ApiError.badField("status", "unknown run status '" + s.strip() + "'");
        }
      }
      filter = filter.withStatuses(statuses);
    }
    String workflow = r.query("workflow");
    if (workflow != null) {
      if (workflow.isBlank() || workflow.length() > MAX_ID) {
        throw ApiError.badField("workflow", "must be 1 to " + MAX_ID + " characters");
      }
      filter = filter.withWorkflow(workflow);
    }
    String since = r.query("since");
    if (since != null) {
      filter = filter.withSince(since(since));
    }
    String cursor = r.query("cursor");
    if (cursor != null) {
      filter = filter.withAfter(decodeCursor(cursor));
    }
    List<RunInfo> runs = reprise().runs(filter);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("runs", runs.stream().map(x -> ApiViews.run(x, false)).toList());
    body.put(
        "next_cursor",
        runs.size() == filter.limit() ? encodeCursor(RunFilter.Cursor.of(runs.getLast())) : null);
    return Reply.ok(body);
  }

  /** Instants a run can have been created at: years 0 to 9999, all in epoch milliseconds. */
  private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");

  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

  private static Instant since(String text) {
    Instant since;
    try {
      since = Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw ApiError.badField("since", "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
    }
    if (since.isBefore(EARLIEST) || since.isAfter(LATEST)) {
      throw ApiError.badField(
          "since", "must be an instant of the years 0000 to 9999, was '" + text + "'");
    }
    return since;
  }

  private static int limit(String text) {
    if (text == null) {
      return 50;
    }
    try {
      int n = Integer.parseInt(text);
      if (n >= 1 && n <= 1000) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiError.badField("limit", "must be a whole number from 1 to 1000");
  }

  static String encodeCursor(RunFilter.Cursor c) {
    String raw = c.createdAt().toEpochMilli() + ":" + c.id();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  private static RunFilter.Cursor decodeCursor(String text) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      int colon = raw.indexOf(':');
      return new RunFilter.Cursor(
          Instant.ofEpochMilli(Long.parseLong(raw.substring(0, colon))), raw.substring(colon + 1));
    } catch (RuntimeException e) {
      throw ApiError.badField("cursor", "not a cursor this API returned");
    }
  }

  private Reply submit(ApiRequest r) {
    ObjectNode body =
        r.object(
            Set.of(
                "workflow",
                "input",
                "idempotency_key",
                "run_id",
                "timeout",
                "tags",
                "concurrency_key"));
    String workflow = ApiRequest.text(body, "workflow", true, MAX_ID);
    if (!body.has("input")) {
      // absent is a mistake far more often than a wish for null, which can be said explicitly
      throw ApiError.badField("input", INPUT_REQUIRED);
    }
    String runId = ApiRequest.text(body, "run_id", false, Ids.MAX_NAME);
    String key = ApiRequest.text(body, "idempotency_key", false, Ids.MAX_KEY);
    RunOptions options =
        new RunOptions(
                runId == null ? null : Ids.requireName("run_id", runId),
                key == null ? null : Ids.requireKey("idempotency_key", key),
                duration(ApiRequest.text(body, "timeout", false, 50)))
            .withTags(FlowRoutes.tags(body));
    ConcurrencyKey concurrencyKey = FlowRoutes.concurrencyKey(body);
    if (concurrencyKey != null) {
      options = options.withConcurrencyKey(concurrencyKey.name(), concurrencyKey.value());
    }
    RunHandle<Object> handle =
        reprise().submitJson(workflow, ApiRequest.anyJson(body, "input"), options);
    return Reply.ok(ApiViews.run(reprise().run(handle.id()), true));
  }

  /** The longest run timeout: {@link RunOptions} allows 36500 days. */
  private static final Duration MAX_TIMEOUT = Duration.ofDays(36_500);

  private static Duration duration(String text) {
    if (text == null) {
      return null;
    }
    Duration d;
    try {
      d = Duration.parse(text.matches("\\d+[smhd]") ? "PT" + text.toUpperCase(Locale.ROOT) : text);
    } catch (DateTimeParseException e) {
      d = days(text);
    }
    if (d.compareTo(MAX_TIMEOUT) > 0) {
      throw ApiError.badField("timeout", "must be at most 36500 days, was '" + text + "'");
    }
    return d;
  }

  /** {@code 3d}, which {@link Duration#parse} does not take as {@code PT3D}. */
  private static Duration days(String text) {
    if (text.matches("\\d{1,18}d")) {
      long n = Long.parseLong(text.substring(0, text.length() - 1));
      if (n > MAX_TIMEOUT.toDays()) {
        throw ApiError.badField("timeout", "must be at most 36500 days, was '" + text + "'");
      }
      return Duration.ofDays(n);
    }
    throw ApiError.badField(
        "timeout", "must be a duration such as 30s, 5m, 2h or PT1H, of at most 36500 days");
  }

  private Reply getRun(ApiRequest r) {
    r.allowQuery(Set.of());
    String id = id(r);
    ObjectNode run = ApiViews.run(reprise().run(id), true);
    run.set("audit", ApiViews.audit(reprise().audit(id)));
    return Reply.ok(run);
  }

  /** The run id of the path: any id, so that one stored before ids were checked is reachable. */
  static String id(ApiRequest r) {
    return Ids.requireReference("id", r.path("id"));
  }

  /** The schedule name of the path, as {@link #id}. */
  private static String name(ApiRequest r) {
    return Ids.requireReference("name", r.path("name"));
  }

  static String reason(ObjectNode body) {
    return ApiRequest.text(body, "reason", false, MAX_TEXT);
  }

  private Reply schedules() {
    return Reply.ok(
        Map.of("schedules", reprise().schedules().stream().map(ApiViews::schedule).toList()));
  }

  private Reply createSchedule(ApiRequest r) {
    ObjectNode body =
        r.object(Set.of("name", "cron", "zone", "workflow", "input", "misfire", "actor", "reason"));
    String name =
        Ids.requireScheduleName("name", ApiRequest.text(body, "name", true, Ids.MAX_SCHEDULE_NAME));
    String cron = ApiRequest.text(body, "cron", true, 200);
    String zone = ApiRequest.text(body, "zone", false, 100);
    String workflow = ApiRequest.text(body, "workflow", true, MAX_ID);
    String misfire = ApiRequest.text(body, "misfire", false, 20);
    MisfirePolicy policy;
    if (misfire == null || misfire.equals("skip")) {
      policy = MisfirePolicy.SKIP;
    } else if (misfire.equals("run_once")) {
      policy = MisfirePolicy.RUN_ONCE;
    } else {
      throw ApiError.badField("misfire", "must be skip or run_once");
    }
    Object input = ApiRequest.STRICT.convertValue(body.get("input"), Object.class);
    var created =
        actor(body, reason(body))
            .schedule(name, cron, zone == null ? "UTC" : zone, workflow, input, policy);
    return new Reply(201, ApiViews.schedule(created));
  }

  private Reply pause(ApiRequest r, boolean pause) {
    ObjectNode body = r.object(Set.of("actor", "reason"));
    String name = name(r);
    RepriseClient client = actor(body, reason(body));
    if (pause) {
      client.pauseSchedule(name);
    } else {
      client.resumeSchedule(name);
    }
    return Reply.ok(
        ApiViews.schedule(
            reprise().schedules().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new dev.reprise.ScheduleNotFoundException(name))));
  }

  private Reply deleteSchedule(ApiRequest r) {
    ObjectNode body = r.object(Set.of("actor", "reason"));
    String name = name(r);
    actor(body, reason(body)).deleteSchedule(name);
    return Reply.ok(Map.of("deleted", name));
  }

  private Reply scheduleAudit(ApiRequest r) {
    r.allowQuery(Set.of());
    return Reply.ok(Map.of("audit", ApiViews.audit(reprise().scheduleAudit(name(r)))));
  }
}
