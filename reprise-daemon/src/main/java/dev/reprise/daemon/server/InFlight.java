package dev.reprise.daemon.server;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The requests and the body bytes the API holds at once, each under its cap. A request takes a
 * {@link Slot} before it reads its body and gives it back when it has answered; its body's bytes
 * are reserved on the slot before they are read, so that a flood of large bodies is refused (503)
 * rather than read into a heap that cannot hold them. Nothing waits: over a cap is a refusal now.
 */
final class InFlight {
  private final int maxRequests;
  private final long maxBytes;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicLong bytes = new AtomicLong();

  InFlight(int maxRequests, long maxBytes) {
    this.maxRequests = maxRequests;
    this.maxBytes = maxBytes;
  }

  /** A slot for one request, or null when {@code max_requests_in_flight} are being served. */
  Slot admit() {
    int n = requests.incrementAndGet();
    if (n > maxRequests) {
      requests.decrementAndGet();
      return null;
    }
    return new Slot();
  }

  /** One admitted request and the body bytes it holds; closed once, when it has answered. */
  final class Slot implements AutoCloseable {
    private long reserved;
    private boolean closed;

    /** Reserves {@code n} more body bytes; false (nothing reserved) when over the cap. */
    synchronized boolean reserve(long n) {
      if (closed) {
        return false;
      }
      long now = bytes.addAndGet(n);
      if (now > maxBytes) {
        bytes.addAndGet(-n);
        return false;
      }
      reserved += n;
      return true;
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        bytes.addAndGet(-reserved);
        requests.decrementAndGet();
      }
    }
  }
}
