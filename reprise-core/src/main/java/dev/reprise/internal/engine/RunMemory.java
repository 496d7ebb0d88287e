package dev.reprise.internal.engine;

import java.util.concurrent.atomic.AtomicLong;

/**
 * About how much heap the payloads of the runs executing at once may take. A count of slots bounds
 * threads, not bytes: 256 runs of a megabyte each hold far more than a small heap has. So each run
 * is charged for its input when it starts, and for its largest step output once one is larger, and
 * gives the charge back with its slot. While the charges are over the budget no run starts: a
 * submit inserts its run {@code pending} instead of starting it, and the dispatcher claims only as
 * many runs as the budget has room for, about. A run larger than the whole budget still starts when
 * nothing else is charged, so no run waits for ever.
 */
public final class RunMemory {
  /** What a run holds whatever its payloads: its context, its thread, its rows. */
  static final long BASE = 4 * 1024;

  private final long budget;
  private final AtomicLong used = new AtomicLong();
  private volatile long typical = BASE; // the weight of a run started lately, decaying

  RunMemory(long budget) {
    this.budget = budget;
  }

  /** A quarter of the largest heap the JVM may take. */
  public static long defaultBudget() {
    return Runtime.getRuntime().maxMemory() / 4;
  }

  /**
   * A run's charge for these payloads: a string takes up to two bytes a character, and each payload
   * is held about twice (as JSON and as the value it stands for).
   */
  static long weight(String... payloads) {
    long w = BASE;
    for (String p : payloads) {
      if (p != null) {
        w += 4L * p.length();
      }
    }
    return w;
  }

  /** Charges {@code weight} if the budget has room for it, or nothing is charged; else false. */
  boolean tryCharge(long weight) {
    while (true) {
      long u = used.get();
      if (u > 0 && u + weight > budget) {
        return false;
      }
      if (used.compareAndSet(u, u + weight)) {
        seen(weight);
        return true;
      }
    }
  }

  /** Charges a run that starts whatever the budget says (the dispatcher claimed it already). */
  void charge(long weight) {
    used.addAndGet(weight);
    seen(weight);
  }

  void release(long weight) {
    used.addAndGet(-weight);
  }

  /** How many of {@code max} runs the dispatcher may claim now: none when the budget is spent. */
  int claimable(int max) {
    long u = used.get();
    if (u == 0) {
      return max;
    }
    long room = budget - u;
    if (room <= 0) {
      return 0;
    }
    return (int) Math.min(max, Math.max(1, room / typical));
  }

  long used() {
    return used.get();
  }

  private void seen(long weight) {
    long t = typical;
    typical = Math.max(weight, t - t / 8);
  }
}
