package dev.reprise.daemon.server;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * Writes the one answer of an exchange, whichever thread comes first: the request's own, or the
 * read deadline's answering 408 while the request's thread is still blocked reading the body. The
 * answer is flushed at once, before anything left of the body is read or dropped.
 */
final class Responder {
  private final HttpExchange ex;
  private boolean sent;

  Responder(HttpExchange ex) {
    this.ex = ex;
  }

  /**
   * Sends this reply unless one was sent; {@code close} asks the client to close the connection
   * after it (the body was not read to its end). False when an answer had been sent already.
   */
  synchronized boolean send(Route.Reply reply, boolean close) throws IOException {
    if (sent) {
      return false;
    }
    sent = true;
    byte[] bytes =
        reply.body() instanceof byte[] raw ? raw : ApiServer.JSON.writeValueAsBytes(reply.body());
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    if (close) {
      ex.getResponseHeaders().set("Connection", "close");
    }
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.sendResponseHeaders(reply.status(), -1);
      return true;
    }
    ex.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      ex.getResponseBody().write(bytes);
      ex.getResponseBody().flush();
    }
    return true;
  }
}
