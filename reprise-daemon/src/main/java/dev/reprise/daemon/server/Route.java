package dev.reprise.daemon.server;

import java.util.List;
import java.util.Map;

/**
 * One endpoint of the API: a method, a path template whose {@code {name}} segments match one path
 * segment each, and the access it needs.
 */
record Route(String method, String template, Access access, Handler handler) {

  /** Who may call a route: anyone, a holder of either token, or of the full token only. */
  enum Access {
    OPEN,
    READ,
    WRITE
  }

  /** Answers a request that matched the route. */
  @FunctionalInterface
  interface Handler {
    Reply handle(ApiRequest request);
  }

  /** A status and a JSON body. */
  record Reply(int status, Object body) {
    static Reply ok(Object body) {
      return new Reply(200, body);
    }
  }

  /** Whether the route changes state: it needs the full token and a running daemon. */
  boolean changesState() {
    return access == Access.WRITE;
  }

  List<String> segments() {
    return List.of(template.substring(1).split("/"));
  }

  /** The path parameters when {@code path} (decoded segments) matches, else null. */
  Map<String, String> match(List<String> path) {
    List<String> mine = segments();
    if (mine.size() != path.size()) {
      return null;
    }
    Map<String, String> params = new java.util.LinkedHashMap<>();
    for (int i = 0; i < mine.size(); i++) {
      String s = mine.get(i);
      if (s.startsWith("{")) {
        params.put(s.substring(1, s.length() - 1), path.get(i));
      } else if (!s.equals(path.get(i))) {
        return null;
      }
    }
    return params;
  }
}
