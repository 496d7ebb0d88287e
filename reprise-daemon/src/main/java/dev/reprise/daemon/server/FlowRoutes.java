package dev.reprise.daemon.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reprise.ConcurrencyKey;
import dev.reprise.Ids;
import dev.reprise.PublishedValue;
import dev.reprise.RetentionPolicy;
import dev.reprise.RunFilter;
import dev.reprise.Tags;
import dev.reprise.daemon.server.Route.Reply;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The routes of flow control and visibility: search by tags, published values, retention policies.
 * Bad input is a 400 naming the field, before anything is written.
 */
final class FlowRoutes {
  /** The query parameter of a tag, {@code tag=NAME:VALUE}, repeated for several (all must hold). */
  static final String TAG = "tag";

  private final ApiRoutes api;

  FlowRoutes(ApiRoutes api) {
    this.api = api;
  }

  /** The filter, narrowed by the request's {@code tag} parameters. */
  static RunFilter withTags(RunFilter filter, ApiRequest r) {
    String tags = r.query(TAG);
    if (tags == null) {
      return filter;
    }
    for (String tag : tags.split("\n", -1)) {
      int colon = tag.indexOf(':');
      if (colon < 0) {
        throw ApiError.badField(TAG, "must be NAME:VALUE, such as customer:c-1; was '" + tag + "'");
      }
      filter = filter.withTag(tag.substring(0, colon), tag.substring(colon + 1));
    }
    return filter;
  }

  /** A submit's {@code tags}: an object of strings, or absent. */
  static Map<String, String> tags(ObjectNode body) {
    JsonNode node = body.get("tags");
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw ApiError.badField("tags", "must be an object of names and string values");
    }
    Map<String, String> tags = new TreeMap<>();
    for (var e : node.properties()) {
      if (!e.getValue().isTextual()) {
        throw ApiError.badField("tags." + e.getKey(), "must be a string");
      }
      tags.put(e.getKey(), e.getValue().textValue());
    }
    return tags;
  }

  /** A submit's {@code concurrency_key}: {@code {"name": ..., "value": ...}}, or absent. */
  static ConcurrencyKey concurrencyKey(ObjectNode body) {
    JsonNode node = body.get("concurrency_key");
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      throw ApiError.badField("concurrency_key", "must be an object of a name and a value");
    }
    for (var e : node.properties()) {
      if (!Set.of("name", "value").contains(e.getKey())) {
        throw ApiError.badField("concurrency_key." + e.getKey(), "is not a field of a key");
      }
    }
    return new ConcurrencyKey(keyPart(node, "name"), keyPart(node, "value"));
  }

  private static String keyPart(JsonNode key, String field) {
    JsonNode part = key.get(field);
    if (part == null || !part.isTextual()) {
      throw ApiError.badField("concurrency_key." + field, "must be a string");
    }
    return part.textValue();
  }

  Reply concurrencyLimits(ApiRequest r) {
    r.allowQuery(Set.of());
    List<Map<String, Object>> limits = new ArrayList<>();
    api.reprise()
        .concurrencyLimits()
        .forEach((name, max) -> limits.add(Map.of("name", name, "max_running", max)));
    return Reply.ok(Map.of("limits", limits));
  }

  Reply setConcurrencyLimit(ApiRequest r) {
    ObjectNode body = r.object(Set.of("max_running"));
    String name = Tags.requireName("name", r.path("name"));
    JsonNode max = body.get("max_running");
    if (max == null || !max.canConvertToInt() || !max.isIntegralNumber()) {
      throw ApiError.badField(
          "max_running", "must be a whole number from 1 to " + ConcurrencyKey.MAX_LIMIT);
    }
    api.reprise().concurrencyLimit(name, max.intValue());
    return Reply.ok(Map.of("name", name, "max_running", max.intValue()));
  }

  Reply removeConcurrencyLimit(ApiRequest r) {
    r.object(Set.of());
    String name = Tags.requireName("name", r.path("name"));
    boolean had = api.reprise().concurrencyLimits().containsKey(name);
    if (had) {
      api.reprise().concurrencyLimit(name, ConcurrencyKey.DEFAULT_LIMIT);
    }
    return Reply.ok(Map.of("name", name, "deleted", had));
  }

  Reply published(ApiRequest r) {
    r.allowQuery(Set.of());
    String id = ApiRoutes.id(r);
    String name = Ids.requireName("name", r.path("name"));
    PublishedValue value =
        api.reprise()
            .published(id, name)
            .orElseThrow(
                () ->
                    new ApiError(
                        404,
                        "not_published",
                        "name",
                        "run " + id + " has published nothing under '" + name + "'"));
    ObjectNode o = ApiRequest.STRICT.createObjectNode();
    o.put("run_id", value.runId());
    o.put("name", value.name());
    o.set("value", ApiViews.json(value.json()));
    o.put("seq", value.seq());
    o.put("published_at", value.publishedAt().toString());
    return Reply.ok(o);
  }

  Reply retentionPolicies(ApiRequest r) {
    r.allowQuery(Set.of());
    List<Map<String, Object>> policies = new ArrayList<>();
    api.reprise().retentionPolicies().forEach((w, p) -> policies.add(view(w, p)));
    return Reply.ok(Map.of("policies", policies));
  }

  Reply setRetention(ApiRequest r) {
    ObjectNode body = r.object(Set.of("completed", "failed", "cancelled"));
    String workflow = workflow(r);
    RetentionPolicy policy =
        new RetentionPolicy(keep(body, "completed"), keep(body, "failed"), keep(body, "cancelled"));
    if (policy.keepsAll()) {
      throw ApiError.badRequest(
          "give at least one of completed, failed, cancelled; to keep every run, delete the"
              + " policy");
    }
    api.reprise().retention(workflow, policy);
    return Reply.ok(view(workflow, policy));
  }

  Reply removeRetention(ApiRequest r) {
    r.object(Set.of());
    String workflow = workflow(r);
    boolean had = api.reprise().retentionPolicies().containsKey(workflow);
    if (had) {
      api.reprise().retention(workflow, RetentionPolicy.keep());
    }
    return Reply.ok(Map.of("workflow", workflow, "deleted", had));
  }

  private static String workflow(ApiRequest r) {
    String w = r.path("name");
    if (w == null || w.isBlank() || w.length() > 200) {
      throw ApiError.badField("workflow", "must be 1 to 200 characters");
    }
    return w;
  }

  private static Map<String, Object> view(String workflow, RetentionPolicy p) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("workflow", workflow);
    o.put("completed_seconds", seconds(p.completed()));
    o.put("failed_seconds", seconds(p.failed()));
    o.put("cancelled_seconds", seconds(p.cancelled()));
    return o;
  }

  private static Long seconds(Duration d) {
    return d == null ? null : d.toSeconds();
  }

  /** A keep: {@code 7d}, {@code 12h}, {@code 30m}, {@code 45s} or ISO-8601; absent for ever. */
  private static Duration keep(ObjectNode body, String field) {
    String text = ApiRequest.text(body, field, false, 50);
    if (text == null) {
      return null;
    }
    Duration d;
    try {
      if (text.matches("\\d{1,9}d")) {
        d = Duration.ofDays(Long.parseLong(text.substring(0, text.length() - 1)));
      } else if (text.matches("\\d{1,12}[smh]")) {
        d = Duration.parse("PT" + text.toUpperCase(Locale.ROOT));
      } else {
        d = Duration.parse(text);
      }
    } catch (DateTimeParseException | ArithmeticException e) {
      throw ApiError.badField(field, "must be a duration such as 7d, 12h, 30m or P30D");
    }
    if (d.compareTo(RetentionPolicy.MIN) < 0 || d.compareTo(RetentionPolicy.MAX) > 0) {
      throw ApiError.badField(
          field, "must be at least 1 second and at most 36500 days, was '" + text + "'");
    }
    return d;
  }
}
