package dev.reprise.daemon.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One connection to the daemon that sends bytes as a misbehaving client would: half a request, a
 * body that never comes. Reads are bounded by a socket timeout, so that a test waits for an answer
 * or the server's close, never forever.
 */
final class RawHttp implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawHttp(URI base, Duration readBound) throws IOException {
    socket = new Socket(base.getHost(), base.getPort());
    socket.setSoTimeout((int) readBound.toMillis());
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  RawHttp send(String text) throws IOException {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  RawHttp send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** An answer: status, headers (names in lower case) and the body as JSON (text if not JSON). */
  record Response(int status, Map<String, String> headers, String body) {
    JsonNode json() throws IOException {
      return DaemonProcess.JSON.readTree(body);
    }
  }

  /** The next answer, read to the end of its body; null if the server closed with none. */
  Response response() throws IOException {
    String statusLine;
    try {
      statusLine = line();
    } catch (SocketException e) {
      return null;
    }
    if (statusLine == null) {
      return null;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    String h;
    while ((h = line()) != null && !h.isEmpty()) {
      int colon = h.indexOf(':');
      headers.put(
          h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(length);
    return new Response(
        Integer.parseInt(statusLine.split(" ")[1]),
        headers,
        new String(body, StandardCharsets.UTF_8));
  }

  /** Whether the server has closed the connection: a read finds its end (or a reset). */
  boolean closedByServer() throws IOException {
    try {
      while (in.read() >= 0) {
        // whatever is still in flight
      }
      return true;
    } catch (SocketException e) {
      return true;
    }
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      b.write(c);
    }
    if (c < 0 && b.size() == 0) {
      return null;
    }
    return b.toString(StandardCharsets.ISO_8859_1).strip();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
