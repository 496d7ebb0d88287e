package dev.reprise.daemon.ops;

import dev.reprise.RetryPolicy;
import dev.reprise.RunContext;
import dev.reprise.StepOptions;
import dev.reprise.Workflow;

/**
 * A saga for the operator commands' tests: book, pay, confirm. Confirming can be refused, and
 * cancelling the booking can fail for good, so that a run ends completed, failed and compensated,
 * or failed_compensation. Nothing is retried, so no test waits on a backoff.
 */
final class TripSaga implements Workflow<TripSaga.Trip, String> {
  static final String NAME = "trip";
  static final String REFUSED = "no seats left";
  static final String UNDO_FAILED = "the airline refused the cancellation";

  /**
   * @param refuse whether {@code confirm} fails
   * @param undoFails whether undoing {@code book} fails
   */
  record Trip(boolean refuse, boolean undoFails) {}

  private static final StepOptions ONCE =
      new StepOptions(RetryPolicy.NONE, false, RetryPolicy.NONE);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String run(RunContext ctx, Trip trip) {
    String booking =
        ctx.step(
            "book",
            ONCE,
            () -> "booking-" + ctx.idempotencyKey(),
            b -> {
              if (trip.undoFails()) {
                throw new IllegalStateException(UNDO_FAILED);
              }
            });
    ctx.step("pay", ONCE, () -> "payment-" + ctx.idempotencyKey(), p -> {});
    return ctx.step(
        "confirm",
        ONCE,
        () -> {
          if (trip.refuse()) {
            throw new IllegalArgumentException(REFUSED);
          }
          return booking;
        });
  }
}
