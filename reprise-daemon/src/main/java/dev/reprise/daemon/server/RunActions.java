package dev.reprise.daemon.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reprise.Ids;
import dev.reprise.Reprise;
import dev.reprise.RunHandle;
import dev.reprise.daemon.server.Route.Reply;
import java.util.Set;

/**
 * The API's actions on one run ({@code POST /api/runs/{id}/...}): signal, approve, reject, cancel,
 * retry, resume, fork, retry-compensation, resolve. Each answers the run after the action (retry
 * and fork: the new run); a status that does not allow the action is a 409 from the library's
 * {@code RunStateException}.
 */
final class RunActions {
  private final ApiRoutes api;

  RunActions(ApiRoutes api) {
    this.api = api;
  }

  private Reprise reprise() {
    return api.reprise();
  }

  private Reply afterAction(String id) {
    return Reply.ok(ApiViews.run(reprise().run(id), false));
  }

  Reply signal(ApiRequest r) {
    ObjectNode body = r.object(Set.of("name", "payload"));
    String name = Ids.requireName("name", ApiRequest.text(body, "name", true, ApiRoutes.MAX_ID));
    String id = ApiRoutes.id(r);
    Object payload = ApiRequest.STRICT.convertValue(body.get("payload"), Object.class);
    reprise().signal(id, name, payload);
    return afterAction(id);
  }

  Reply decide(ApiRequest r, boolean approve) {
    ObjectNode body = r.object(Set.of("gate", "actor", "reason"));
    String gate = Ids.requireName("gate", ApiRequest.text(body, "gate", true, ApiRoutes.MAX_ID));
    String actor = Ids.requireActor("actor", ApiRequest.text(body, "actor", true, Ids.MAX_ACTOR));
    String reason = ApiRequest.text(body, "reason", true, ApiRoutes.MAX_TEXT);
    String id = ApiRoutes.id(r);
    if (approve) {
      reprise().approve(id, gate, actor, reason);
    } else {
      reprise().reject(id, gate, actor, reason);
    }
    return afterAction(id);
  }

  Reply cancel(ApiRequest r) {
    ObjectNode body = r.object(Set.of("reason", "actor"));
    String reason = ApiRequest.text(body, "reason", false, ApiRoutes.MAX_TEXT);
    String id = ApiRoutes.id(r);
    api.actor(body, null).cancel(id, reason == null ? "cancelled through the API" : reason);
    return afterAction(id);
  }

  Reply retry(ApiRequest r) {
    ObjectNode body = r.object(Set.of("actor", "reason"));
    RunHandle<Object> retried = api.actor(body, ApiRoutes.reason(body)).retry(ApiRoutes.id(r));
    return Reply.ok(ApiViews.run(reprise().run(retried.id()), false));
  }

  /** The run goes on in place: same id, same step keys (see {@code RepriseClient.resume}). */
  Reply resume(ApiRequest r) {
    ObjectNode body = r.object(Set.of("actor", "reason"));
    String id = ApiRoutes.id(r);
    api.actor(body, ApiRoutes.reason(body)).resume(id);
    return afterAction(id);
  }

  /**
   * A new run from journal position {@code from_seq}, reusing the recorded outcomes before it;
   * answers the new run with its journal. The same fork twice answers the same run.
   */
  Reply fork(ApiRequest r) {
    ObjectNode body = r.object(Set.of("from_seq", "actor", "reason"));
    JsonNode seq = body.get("from_seq");
    if (seq == null || seq.isNull()) {
      throw ApiError.badField("from_seq", "is required: the journal position to fork from");
    }
    if (!seq.isIntegralNumber() || !seq.canConvertToInt()) {
      throw ApiError.badField("from_seq", "must be a whole number, the seq of a journal entry");
    }
    String id = ApiRoutes.id(r);
    RunHandle<Object> forked = api.actor(body, ApiRoutes.reason(body)).fork(id, seq.intValue());
    return Reply.ok(ApiViews.run(reprise().run(forked.id()), true));
  }

  Reply retryCompensation(ApiRequest r) {
    ObjectNode body = r.object(Set.of("actor", "reason"));
    String id = ApiRoutes.id(r);
    api.actor(body, ApiRoutes.reason(body)).retryCompensation(id);
    return afterAction(id);
  }

  Reply resolve(ApiRequest r) {
    ObjectNode body = r.object(Set.of("note", "actor"));
    String note = ApiRequest.text(body, "note", true, ApiRoutes.MAX_TEXT);
    String id = ApiRoutes.id(r);
    api.actor(body, null).resolve(id, note);
    return afterAction(id);
  }
}
