package dev.reprise.test;

import dev.reprise.RunInfo;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link CrashTest} found: the run without a crash, and each crash point with what broke, if
 * anything.
 *
 * @param workflow the workflow tested
 * @param reference the run as it ended without a crash
 * @param states how many distinct states the journal went through without a crash (the crash points
 *     are 1 to this)
 * @param points every crash point reached, in order
 * @param unreached the states no attempt reached: there group commit wrote the changes of two
 *     states at once in every try, so that no process could die between them
 * @param elapsed how long the whole test took
 */
public record CrashReport(
    String workflow,
    RunInfo reference,
    long states,
    List<CrashPoint> points,
    List<Long> unreached,
    Duration elapsed) {
  public CrashReport {
    points = List.copyOf(points);
    unreached = List.copyOf(unreached);
  }

  /** Whether every promise held at every crash point. */
  public boolean held() {
    return points.stream().allMatch(CrashPoint::held);
  }

  /** The first crash point where a promise broke. */
  public Optional<CrashPoint> firstBroken() {
    return points.stream().filter(p -> !p.held()).findFirst();
  }

  /**
   * Throws an {@link AssertionError} naming the first crash point that broke, what broke and the
   * journal at the crash; returns this report when everything held.
   */
  public CrashReport assertHeld() {
    Optional<CrashPoint> broken = firstBroken();
    if (broken.isEmpty()) {
      return this;
    }
    CrashPoint p = broken.get();
    StringBuilder m = new StringBuilder();
    m.append("crash test of '")
        .append(workflow)
        .append("': killed at journal state ")
        .append(p.state())
        .append(" of ")
        .append(states)
        .append(", the run broke a promise:\n");
    p.problems().forEach(problem -> m.append("  - ").append(problem).append('\n'));
    m.append("the journal when the process died:\n");
    p.atCrash().forEach(line -> m.append("  ").append(line).append('\n'));
    m.append("kept in ").append(p.dir());
    throw new AssertionError(m.toString());
  }

  @Override
  public String toString() {
    long broken = points.stream().filter(p -> !p.held()).count();
    return String.format(
        "crash test of '%s': %d journal states, a kill at %d of them (%s), %d broke a promise;"
            + " %.1f s",
        workflow,
        states,
        points.size(),
        unreached.isEmpty() ? "every one" : "not reached: " + unreached,
        broken,
        elapsed.toMillis() / 1000.0);
  }
}
