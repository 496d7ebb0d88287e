package dev.reprise.internal.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.reprise.InvalidOutputException;
import dev.reprise.RunFailedException;
import dev.reprise.RunHandle;
import dev.reprise.RunInfo;
import dev.reprise.RunNotFoundException;
import dev.reprise.RunStatus;
import dev.reprise.RunTimeoutException;
import dev.reprise.RunWaitInterruptedException;
import dev.reprise.internal.json.Json;
import dev.reprise.internal.store.RunEnd;
import dev.reprise.internal.store.RunReads;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A run handle. Its result comes from memory when the run ends in this process (see {@link
 * RunEnds}), else from a re-read of the store, first after {@link #FIRST_RECHECK} and then less and
 * less often, for runs that end in another process.
 */
final class Handle<O> implements RunHandle<O> {
  private static final Duration FIRST_RECHECK = Duration.ofMillis(20);
  private static final Duration MAX_RECHECK = Duration.ofMillis(500);

  private final String id;
  private final Type outputType;
  private final RunReads reads;
  private final RunEnds ends;

  Handle(String id, Type outputType, RunReads reads, RunEnds ends) {
    this.id = id;
    this.outputType = outputType;
    this.reads = reads;
    this.ends = ends;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public RunStatus status() {
    return current().status();
  }

  private RunInfo current() {
    return reads.run(id, false).orElseThrow(() -> new RunNotFoundException(id));
  }

  @Override
  public O result(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    CompletableFuture<RunEnd> ended = ends.watch(id);
    try {
      RunInfo run = current();
      Duration recheck = FIRST_RECHECK;
      while (!run.status().isTerminal()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new RunTimeoutException(id, timeout, run.status());
        }
        try {
          RunEnd end = ended.get(Math.min(left, recheck.toNanos()), TimeUnit.NANOSECONDS);
          return outcome(end.status(), end.output(), end.errorType(), end.errorMessage());
        } catch (TimeoutException e) {
          run = current();
          recheck =
              recheck.multipliedBy(2).compareTo(MAX_RECHECK) > 0
                  ? MAX_RECHECK
                  : recheck.multipliedBy(2);
        }
      }
      return outcome(run.status(), run.output(), run.errorType(), run.errorMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RunWaitInterruptedException(id, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a run's end is never completed exceptionally", e);
    } finally {
      ends.forget(id, ended);
    }
  }

  @SuppressWarnings("unchecked")
  private O outcome(RunStatus status, String output, String errorType, String errorMessage) {
    if (status != RunStatus.COMPLETED) {
      throw new RunFailedException(id, status, errorType, errorMessage);
    }
    try {
      return output == null ? null : (O) Json.readLenient(output, Json.type(outputType));
    } catch (JsonProcessingException e) {
      throw new InvalidOutputException(
          id, "not a " + outputType.getTypeName() + ": " + e.getOriginalMessage(), e);
    }
  }
}
