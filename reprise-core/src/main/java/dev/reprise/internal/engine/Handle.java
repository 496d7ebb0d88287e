package dev.reprise.internal.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.reprise.RepriseException;
import dev.reprise.RunFailedException;
import dev.reprise.RunHandle;
import dev.reprise.RunInfo;
import dev.reprise.RunNotFoundException;
import dev.reprise.RunStatus;
import dev.reprise.internal.json.Json;
import dev.reprise.internal.store.Store;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/** A run handle reading the store; woken at once by an end in this process. */
final class Handle<O> implements RunHandle<O> {
  private static final Duration MAX_RECHECK = Duration.ofMillis(250);

  private final String id;
  private final Type outputType;
  private final Store store;
  private final RunEnds ends;

  Handle(String id, Type outputType, Store store, RunEnds ends) {
    this.id = id;
    this.outputType = outputType;
    this.store = store;
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
    return store.run(id, false).orElseThrow(() -> new RunNotFoundException(id));
  }

  @Override
  @SuppressWarnings("unchecked")
  public O result(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Duration recheck = Duration.ofMillis(5);
    try {
      while (true) {
        CountDownLatch ended = ends.watch(id);
        RunInfo run = current();
        if (run.status().isTerminal()) {
          ends.forget(id);
          if (run.status() != RunStatus.COMPLETED) {
            throw new RunFailedException(id, run.status(), run.errorType(), run.errorMessage());
          }
          return run.output() == null
              ? null
              : (O) Json.readLenient(run.output(), Json.type(outputType));
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new RepriseException(
              "run "
                  + id
                  + " did not end within "
                  + timeout
                  + " (status "
                  + run.status().label()
                  + ")");
        }
        RunEnds.await(ended, Duration.ofNanos(Math.min(left, recheck.toNanos())));
        recheck =
            recheck.multipliedBy(2).compareTo(MAX_RECHECK) > 0
                ? MAX_RECHECK
                : recheck.multipliedBy(2);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RepriseException("interrupted while waiting for run " + id, e);
    } catch (JsonProcessingException e) {
      throw new RepriseException(
          "run "
              + id
              + ": the output cannot be read as "
              + outputType.getTypeName()
              + ": "
              + e.getOriginalMessage(),
          e);
    }
  }
}
