package dev.reprise.test.internal;

import dev.reprise.Reprise;
import dev.reprise.RepriseException;
import dev.reprise.RunFilter;
import dev.reprise.RunInfo;
import dev.reprise.RunStatus;
import dev.reprise.Wait;
import dev.reprise.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Takes a run to its end on an engine whose clock is a {@link SettableClock}, as a test would by
 * hand: a run waiting for a signal or an approval gate that the script names gets it; when no run
 * is running and none is due, the clock jumps to the next time something is ({@link
 * Reprise#nextDue()}: a sleep's end, a wait's deadline, a schedule's fire time). So a week-long
 * sleep passes at once, and a wait the script does not answer times out.
 */
public final class Driver {
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  private final Reprise client;
  private final SettableClock clock;
  private final Script script;
  private final Set<String> answered = new HashSet<>();

  public Driver(Reprise client, SettableClock clock, Script script) {
    this.client = client;
    this.clock = clock;
    this.script = script;
  }

  /**
   * Waits for the run to end, answering and skipping time as it goes; returns the run once it has
   * ended or waits for an operator (which nothing here can move on), empty after {@code timeout}.
   */
  public Optional<RunInfo> toEnd(String runId, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      RunInfo run = client.run(runId);
      if (run.status().isTerminal() || run.waitingFor() instanceof Wait.Operator) {
        return Optional.of(run);
      }
      if (!answerWaits()) {
        skipTime();
      }
      try {
        TimeUnit.NANOSECONDS.sleep(POLL_NANOS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** Sends what the script has for each wait not answered yet; whether it sent anything. */
  private boolean answerWaits() {
    boolean sent = false;
    for (RunInfo run : waiting()) {
      if (!(run.waitingFor() instanceof Wait.Signal wait)) {
        continue;
      }
      String key = run.id() + '\u0000' + wait.name() + '\u0000' + wait.deadline();
      if (answered.contains(key)) {
        continue;
      }
      try {
        Optional<String> gate = wait.gate();
        if (gate.isPresent() && script.gates().containsKey(gate.get())) {
          Script.Decision d = script.gates().get(gate.get());
          if (d.approve()) {
            client.approve(run.id(), gate.get(), d.actor(), d.reason());
          } else {
            client.reject(run.id(), gate.get(), d.actor(), d.reason());
          }
        } else if (gate.isEmpty() && script.signals().containsKey(wait.name())) {
          client.signal(run.id(), wait.name(), script.signals().get(wait.name()));
        } else {
          continue;
        }
      } catch (RepriseException e) {
        // the run moved on meanwhile (ended, or took the signal already): nothing to answer
      }
      answered.add(key);
      sent = true;
    }
    return sent;
  }

  /**
   * Moves the clock to the next time something is due, when no run is running or due; whether it
   * moved.
   */
  public boolean skipTime() {
    Map<RunStatus, Long> counts = client.countByStatus();
    for (RunStatus busy : List.of(RunStatus.PENDING, RunStatus.RUNNING, RunStatus.COMPENSATING)) {
      if (counts.getOrDefault(busy, 0L) > 0) {
        return false;
      }
    }
    Instant next = client.nextDue().orElse(null);
    if (next == null || !next.isAfter(clock.instant())) {
      return false;
    }
    // a run may have come to a wait the script answers since that was last looked at: answer
    // it rather than skip past its deadline
    if (answerWaits()) {
      return false;
    }
    clock.set(next);
    return true;
  }

  private List<RunInfo> waiting() {
    return client.runs(RunFilter.all().withStatus(RunStatus.WAITING));
  }
}
