package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.reprise.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A parent's cancellation or failure reaches its children, unless one was started detached. */
public abstract class CascadeContract extends EngineFixture {
  static final List<String> undone = new CopyOnWriteArrayList<>();

  /** Books a room (undone by a cancel), then waits a day for a word. */
  static final class Booking implements Workflow<String, String> {
    @Override
    public String name() {
      return "booking";
    }

    @Override
    public String run(RunContext ctx, String room) {
      ctx.step("book", () -> "room-" + room, r -> undone.add("unbook " + r));
      ctx.awaitSignal("confirm", String.class, Duration.ofDays(1));
      return room;
    }
  }

  /** Starts an attached and a detached booking, then fails or waits as its input says. */
  static final class Trip implements Workflow<String, String> {
    @Override
    public String name() {
      return "trip";
    }

    @Override
    public String run(RunContext ctx, String how) {
      ChildRun<String> hotel = ctx.startChild(new Booking(), "hotel");
      ChildRun<String> log = ctx.startChild(new Booking(), "guestbook", ChildOptions.DETACHED);
      ctx.step("wait-for-children-to-book", () -> "ok");
      if (how.equals("fail")) {
        ctx.sleep(Duration.ofMillis(50));
        throw new IllegalStateException("the trip is off");
      }
      return ctx.awaitChild(hotel) + ctx.awaitChild(log);
    }
  }

  private static RunStatus status(Reprise r, String id) {
    return r.run(id).status();
  }

  private static void awaitBooked(Reprise r, String... ids) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> List.of(ids).stream().allMatch(id -> status(r, id) == RunStatus.WAITING));
  }

  @Test
  void cancellingAParentCancelsItsChildrenButNotADetachedOne() {
    undone.clear();
    TestDatabase db = db("a");
    try (Reprise r = db.builder().workflows(List.of(new Trip(), new Booking())).build()) {
      r.start();
      String trip = r.submit(new Trip(), "wait").id();
      String hotel = trip + ":1";
      String guestbook = trip + ":2";
      awaitBooked(r, trip, hotel, guestbook);

      r.cancel(trip, "the customer called it off");

      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  status(r, trip) == RunStatus.CANCELLED
                      && status(r, hotel) == RunStatus.CANCELLED);
      assertThat(undone).containsExactly("unbook room-hotel");
      assertThat(r.run(hotel).errorMessage()).contains("parent run " + trip);
      assertThat(status(r, guestbook)).as("detached").isEqualTo(RunStatus.WAITING);
      r.signal(guestbook, "confirm", "yes");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> status(r, guestbook) == RunStatus.COMPLETED);
    }
  }

  @Test
  void aParentThatFailsCancelsItsChildren() {
    undone.clear();
    TestDatabase db = db("b");
    try (Reprise r = db.builder().workflows(List.of(new Trip(), new Booking())).build()) {
      r.start();
      String trip = r.submit(new Trip(), "fail").id();
      String hotel = trip + ":1";

      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () -> status(r, trip) == RunStatus.FAILED && status(r, hotel) == RunStatus.CANCELLED);
      assertThat(undone).contains("unbook room-hotel");
      assertThat(status(r, trip + ":2")).isNotEqualTo(RunStatus.CANCELLED);
    }
  }

  /** Starts an attached booking, then a step that outlives its engine; not resumed by recovery. */
  static final class FragileTrip implements Workflow<String, String> {
    final CountDownLatch inside = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch returned = new CountDownLatch(1);

    @Override
    public String name() {
      return "fragile-trip";
    }

    @Override
    public RecoveryPolicy recoveryPolicy() {
      return RecoveryPolicy.FAIL;
    }

    @Override
    public String run(RunContext ctx, String in) {
      ctx.startChild(new Booking(), "hotel");
      return ctx.step(
          "pay",
          () -> {
            inside.countDown();
            while (true) {
              try {
                if (release.await(10, TimeUnit.SECONDS)) {
                  break;
                }
              } catch (InterruptedException ignored) {
                // it does not stop when asked
              }
            }
            returned.countDown();
            return "paid";
          });
    }
  }

  @Test
  void aParentThatRecoveryFailsCancelsItsChildren() throws Exception {
    undone.clear();
    TestDatabase db = db("c");
    FragileTrip trip = new FragileTrip();
    Reprise first =
        db.builder()
            .workflows(List.of(trip, new Booking()))
            .nodeId("n1")
            .shutdownTimeout(Duration.ofMillis(100))
            .build();
    first.start();
    String id = first.submit(trip, "x").id();
    assertThat(trip.inside.await(20, TimeUnit.SECONDS)).isTrue();
    awaitBooked(first, id + ":1");
    first.close(); // its body goes on: the run is left as a crash leaves it
    trip.release.countDown();
    assertThat(trip.returned.await(20, TimeUnit.SECONDS)).isTrue();

    try (Reprise next = db.builder().workflows(List.of(trip, new Booking())).nodeId("n1").build()) {
      await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> next.start() != null);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  status(next, id) == RunStatus.FAILED
                      && status(next, id + ":1") == RunStatus.CANCELLED);
      assertThat(undone).contains("unbook room-hotel");
    }
  }
}
