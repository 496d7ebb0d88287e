package dev.reprise.daemon.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reprise.AuditEntry;
import dev.reprise.RunInfo;
import dev.reprise.Schedule;
import dev.reprise.StepInfo;
import dev.reprise.Wait;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Runs, steps and schedules as the API writes them: snake_case names, statuses in lower case, times
 * in ISO-8601, and stored JSON (inputs, outputs, payloads) embedded as JSON rather than as strings.
 * Public for the commands that act on a store directly and print a run as the API would.
 */
public final class ApiViews {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private ApiViews() {}

  /** A run as the API answers it; its journal too when {@code withSteps}. */
  public static ObjectNode run(RunInfo r, boolean withSteps) {
    ObjectNode o = F.objectNode();
    o.put("id", r.id());
    o.put("workflow", r.workflow());
    o.put("status", r.status().label());
    o.set("input", json(r.input()));
    o.set("output", json(r.output()));
    o.put("error_type", r.errorType());
    o.put("error_message", r.errorMessage());
    o.put("failure_reason", r.failureReason());
    o.put("compensated", r.compensated());
    o.put("resolution", r.resolution());
    o.put("idempotency_key", r.idempotencyKey());
    o.put("recoveries", r.recoveries());
    o.put("created_at", time(r.createdAt()));
    o.put("started_at", time(r.startedAt()));
    o.put("ended_at", time(r.endedAt()));
    o.set("waiting_for", waitingFor(r.waitingFor()));
    ObjectNode tags = o.putObject("tags");
    r.tags().forEach(tags::put);
    if (r.concurrencyKey() == null) {
      o.putNull("concurrency_key");
    } else {
      ObjectNode key = o.putObject("concurrency_key");
      key.put("name", r.concurrencyKey().name());
      key.put("value", r.concurrencyKey().value());
    }
    if (withSteps) {
      ArrayNode steps = o.putArray("steps");
      r.steps().forEach(s -> steps.add(step(s)));
    }
    return o;
  }

  /**
   * What a waiting run waits for, by {@code kind}: {@code sleep} (until), {@code signal} (name,
   * deadline), {@code child} (run_id) or {@code operator} (cause: {@code nondeterminism} or {@code
   * crash_loop}, and reason); JSON null when the run does not wait.
   */
  public static JsonNode waitingFor(Wait wait) {
    if (wait == null) {
      return F.nullNode();
    }
    ObjectNode o = F.objectNode();
    switch (wait) {
      case Wait.Sleep s -> {
        o.put("kind", "sleep");
        o.put("until", time(s.until()));
      }
      case Wait.Signal s -> {
        if (s.gate().isPresent()) {
          o.put("kind", "approval");
          o.put("gate", s.gate().get());
        } else {
          o.put("kind", "signal");
          o.put("name", s.name());
        }
        o.put("deadline", time(s.deadline()));
      }
      case Wait.Child c -> {
        o.put("kind", "child");
        o.put("run_id", c.runId());
      }
      case Wait.Operator op -> {
        o.put("kind", "operator");
        o.put("cause", op.cause());
        o.put("reason", op.reason());
      }
    }
    return o;
  }

  static ObjectNode step(StepInfo s) {
    ObjectNode o = F.objectNode();
    o.put("seq", s.seq());
    o.put("name", s.name());
    o.put("kind", s.kind().label());
    o.put("status", s.status().label());
    o.put("at_most_once", s.atMostOnce());
    o.set("output", json(s.output()));
    o.put("output_type", s.outputType());
    o.put("error_type", s.errorType());
    o.put("error_message", s.errorMessage());
    o.put("attempts", s.attempts());
    o.put("started_at", time(s.startedAt()));
    o.put("ended_at", time(s.endedAt()));
    return o;
  }

  /** Audit entries, oldest first. */
  static ArrayNode audit(List<AuditEntry> entries) {
    ArrayNode a = F.arrayNode();
    for (AuditEntry e : entries) {
      ObjectNode o = a.addObject();
      o.put("action", e.action().label());
      o.put("actor", e.actor());
      o.put("reason", e.reason());
      o.put("detail", e.detail());
      o.put("at", time(e.at()));
      if (e.schedule() != null) {
        o.put("schedule", e.schedule());
      }
    }
    return a;
  }

  static ObjectNode schedule(Schedule s) {
    ObjectNode o = F.objectNode();
    o.put("name", s.name());
    o.put("cron", s.cron());
    o.put("zone", s.zone());
    o.put("workflow", s.workflow());
    o.set("input", json(s.input()));
    o.put("misfire", s.misfire().name().toLowerCase(Locale.ROOT));
    o.put("paused", s.paused());
    o.put("next_fire_at", time(s.nextFireAt()));
    o.put("last_fire_at", time(s.lastFireAt()));
    return o;
  }

  /** Stored JSON as a tree; text that does not parse (a quarantined run's) as a string. */
  static JsonNode json(String stored) {
    if (stored == null) {
      return F.nullNode();
    }
    try {
      JsonNode n = ApiRequest.STRICT.readTree(stored);
      return n == null ? F.nullNode() : n;
    } catch (Exception e) {
      return F.textNode(stored);
    }
  }

  static String time(Instant t) {
    return t == null ? null : t.toString();
  }
}
