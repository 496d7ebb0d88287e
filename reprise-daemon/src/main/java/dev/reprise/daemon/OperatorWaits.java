package dev.reprise.daemon;

import dev.reprise.Wait;
import java.util.List;

/**
 * How the command line tells of a run that waits for an operator ({@link Wait.Operator}): what
 * stopped it, and the ways on. The same words in {@code reprise show} (through the daemon) and
 * {@code reprise diag sagas} (on the store, the daemon up or down), so that an operator reads one
 * story wherever they look. The text is as given: a caller escapes it for a terminal ({@code
 * Ids.printable}).
 */
public final class OperatorWaits {
  private OperatorWaits() {}

  /** What stopped the run, in words, for the cause of its wait. */
  public static String headline(String cause) {
    return switch (cause) {
      case Wait.Operator.CRASH_LOOP ->
          "quarantined after a crash loop (its step kept ending the daemon's process);"
              + " it waits for an operator";
      case Wait.Operator.NONDETERMINISM ->
          "stopped by a replay mismatch (the workflow's code no longer matches its"
              + " journal); it waits for an operator";
      default -> "waits for an operator (" + cause + ")";
    };
  }

  /** A few words for the run's heading line: {@code replay mismatch}, {@code crash loop}. */
  public static String shortCause(String cause) {
    return switch (cause) {
      case Wait.Operator.CRASH_LOOP -> "crash loop";
      case Wait.Operator.NONDETERMINISM -> "replay mismatch";
      default -> cause;
    };
  }

  /**
   * The ways on, as the commands to type, one per line: resume once the code is fixed, or cancel.
   * {@code options} follow the run id in each command (the store to act on, such as {@code --db
   * PATH}), or are empty.
   */
  public static List<String> next(String cause, String runId, String options) {
    String id = runId + (options.isEmpty() ? "" : " " + options);
    return List.of(
        "fix the code, then 'reprise resume "
            + id
            + "' (the same run and step keys"
            + (cause.equals(Wait.Operator.NONDETERMINISM)
                ? "; each daemon start also tries it again, so deploying code that matches its"
                    + " journal is often enough)"
                : "; its step gets every attempt again)"),
        "or 'reprise cancel "
            + id
            + "' (the compensations of its completed steps run; no step body runs again)");
  }
}
