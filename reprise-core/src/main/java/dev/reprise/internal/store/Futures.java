package dev.reprise.internal.store;

import dev.reprise.StoreUnavailableException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waiting on the writer's futures, with its exceptions unwrapped. */
public final class Futures {
  private Futures() {}

  public static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new StoreUnavailableException("journal write", "failed: " + cause, cause);
    } catch (CancellationException e) {
      throw new StoreUnavailableException("journal write", "cancelled", e);
    }
  }
}
