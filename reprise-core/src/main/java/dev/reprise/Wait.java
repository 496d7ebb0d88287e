package dev.reprise;

import java.time.Instant;
import java.util.Objects;

/**
 * What a {@code waiting} run waits for (see {@link RunInfo#waitingFor()}). The run holds no thread
 * meanwhile; it is taken up again when the wait is over, or at its deadline.
 */
public sealed interface Wait {

  /** A line for people: {@code sleep until 2026-01-01T00:00:00Z}. */
  String describe();

  /** A durable sleep ({@code ctx.sleep}) until {@code until}. */
  record Sleep(Instant until) implements Wait {
    public Sleep {
      Objects.requireNonNull(until, "until");
    }

    @Override
    public String describe() {
      return "sleep until " + until;
    }
  }

  /**
   * A signal called {@code name}, until {@code deadline} at the latest. An approval gate waits for
   * a signal of its own, named {@code #gate:GATE}, which only {@code approve} and {@code reject}
   * send (a plain signal's name cannot take that form): see {@link #gate()}.
   */
  record Signal(String name, Instant deadline) implements Wait {
    /** How the signal of an approval gate is named. */
    public static final String GATE_PREFIX = "#gate:";

    public Signal {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(deadline, "deadline");
    }

    /** The approval gate this wait is for, or empty for a plain signal. */
    public java.util.Optional<String> gate() {
      return name.startsWith(GATE_PREFIX)
          ? java.util.Optional.of(name.substring(GATE_PREFIX.length()))
          : java.util.Optional.empty();
    }

    @Override
    public String describe() {
      return gate().map(g -> "approval gate '" + g + "'").orElse("signal '" + name + "'")
          + " until "
          + deadline;
    }
  }

  /**
   * A person, or a deploy that fixes the code: the run cannot go on as it is. {@code cause} is
   * {@code nondeterminism} (its replay found another step than its journal holds; the run is tried
   * again at every start of an engine, so a fixed deploy continues it) or {@code crash_loop} (its
   * recovery kept ending its process). {@code reason} says what happened and what to do. An
   * operator resumes it ({@code resume}) or cancels it.
   */
  record Operator(String cause, String reason) implements Wait {
    public static final String NONDETERMINISM = "nondeterminism";
    public static final String CRASH_LOOP = "crash_loop";

    public Operator {
      Objects.requireNonNull(cause, "cause");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String describe() {
      return reason;
    }
  }

  /** The end of the child run {@code runId}. */
  record Child(String runId) implements Wait {
    public Child {
      Objects.requireNonNull(runId, "runId");
    }

    @Override
    public String describe() {
      return "child run " + runId;
    }
  }
}
