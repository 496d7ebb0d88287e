package dev.reprise.internal.engine;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Run ids as time-ordered UUIDs (version 7: 48 bits of epoch millis, then 74 random bits). Runs
 * submitted close together get neighbouring keys, so the journal rows written by one group commit
 * land on a few pages instead of one page per run.
 */
final class RunIds {
  private RunIds() {}

  static String next(long epochMillis) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }
}
