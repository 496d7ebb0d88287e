package dev.reprise.daemon.server;

import java.time.Duration;

/**
 * What the HTTP API lets a client take: time to send a request, and room for requests and their
 * bodies at once. See {@code http.read_timeout}, {@code http.max_requests_in_flight} and {@code
 * http.max_body_bytes_in_flight} in {@code docs/configuration.md}.
 *
 * @param readTimeout how long a request may take to arrive, headers and body
 * @param maxRequestsInFlight how many requests may be served at once (health and readiness apart)
 * @param maxBodyBytesInFlight how many bytes of request bodies may be held at once
 */
record HttpLimits(Duration readTimeout, int maxRequestsInFlight, long maxBodyBytesInFlight) {
  HttpLimits {
    if (readTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("readTimeout must be at least 1s, was " + readTimeout);
    }
    if (maxRequestsInFlight < 1 || maxBodyBytesInFlight < 1) {
      throw new IllegalArgumentException("in-flight limits must be positive");
    }
  }
}
