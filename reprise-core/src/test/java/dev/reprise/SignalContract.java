package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.reprise.testing.SettableClock;
import dev.reprise.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

public abstract class SignalContract extends EngineFixture {
  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  record Address(String street, String city) {}

  /** Waits for two addresses, or reports a timeout. */
  static final class Delivery implements Workflow<String, String> {
    final List<String> log = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
      return "delivery";
    }

    @Override
    public String run(RunContext ctx, String order) {
      ctx.step("placed", () -> log.add("placed " + order));
      String first =
          ctx.awaitSignal("address", Address.class, Duration.ofDays(1))
              .map(Address::city)
              .orElse("timeout");
      String second =
          ctx.awaitSignal("address", Address.class, Duration.ofDays(1))
              .map(Address::city)
              .orElse("timeout");
      ctx.step("shipped", () -> log.add("shipped"));
      return first + "," + second;
    }
  }

  private Reprise reprise(TestDatabase db, InstantSource clock, Workflow<?, ?> w) {
    return db.builder().clock(clock).workflow(w).build();
  }

  private static void awaitStatus(RepriseClient r, String id, RunStatus status) {
    await().atMost(Duration.ofSeconds(10)).until(() -> r.run(id).status() == status);
  }

  @Test
  void signalsSentBeforeTheRunWaitsAreKeptAndEachIsConsumedOnceInOrder() {
    SettableClock clock = SettableClock.manual(T0);
    Delivery delivery = new Delivery();
    try (Reprise r = reprise(db("a"), clock, delivery)) {
      var handle = r.submit(delivery, "o1");
      r.signal(handle.id(), "address", new Address("1 Main St", "Lyon"));
      r.signal(handle.id(), "address", new Address("2 High St", "Oslo"));
      r.start();

      assertThat(handle.result(Duration.ofSeconds(10))).isEqualTo("Lyon,Oslo");
      assertThat(r.run(handle.id()).steps())
          .filteredOn(s -> s.kind() == StepKind.SIGNAL)
          .extracting(StepInfo::output)
          .containsExactly(
              "{\"street\":\"1 Main St\",\"city\":\"Lyon\"}",
              "{\"street\":\"2 High St\",\"city\":\"Oslo\"}");
    }
  }

  @Test
  void aWaitingRunWakesWhenItsSignalComes() {
    SettableClock clock = SettableClock.manual(T0);
    Delivery delivery = new Delivery();
    try (Reprise r = reprise(db("b"), clock, delivery)) {
      r.start();
      var handle = r.submit(delivery, "o2");
      awaitStatus(r, handle.id(), RunStatus.WAITING);

      r.signal(handle.id(), "address", new Address("3 Low Rd", "Rome"));
      await().atMost(Duration.ofSeconds(10)).until(() -> r.run(handle.id()).steps().size() == 3);
      awaitStatus(r, handle.id(), RunStatus.WAITING);
      r.signal(handle.id(), "address", new Address("4 Quay", "Bergen"));

      assertThat(handle.result(Duration.ofSeconds(10))).isEqualTo("Rome,Bergen");
      assertThat(delivery.log).containsExactly("placed o2", "shipped");
    }
  }

  @Test
  void aSignalSentWhileTheEngineIsDownIsDeliveredAfterRestart() {
    TestDatabase db = db("c");
    SettableClock clock = SettableClock.manual(T0);
    Delivery delivery = new Delivery();
    String id;
    try (Reprise r = reprise(db, clock, delivery)) {
      r.start();
      id = r.submit(delivery, "o3").id();
      awaitStatus(r, id, RunStatus.WAITING);
    }
    try (RepriseClient client = db.builder().clock(clock).buildClient()) {
      client.signal(id, "address", new Address("5 Ring", "Turku"));
      client.signal(id, "address", new Address("6 Loop", "Graz"));
    }
    try (Reprise r = reprise(db, clock, delivery)) {
      r.start();
      assertThat(r.handle(id, TypeRef.of(String.class)).result(Duration.ofSeconds(10)))
          .isEqualTo("Turku,Graz");
    }
  }

  @Test
  void aSignalThatDoesNotComeTimesOutOnTheDurableTimer() {
    SettableClock clock = SettableClock.manual(T0);
    Delivery delivery = new Delivery();
    try (Reprise r = reprise(db("d"), clock, delivery)) {
      r.start();
      var handle = r.submit(delivery, "o4");
      awaitStatus(r, handle.id(), RunStatus.WAITING);

      clock.advance(Duration.ofHours(23));
      assertThat(r.run(handle.id()).status()).isEqualTo(RunStatus.WAITING);
      clock.advance(Duration.ofHours(1));
      await().atMost(Duration.ofSeconds(10)).until(() -> r.run(handle.id()).steps().size() == 3);
      awaitStatus(r, handle.id(), RunStatus.WAITING);
      r.signal(handle.id(), "address", new Address("7 Late Ln", "Bonn"));

      assertThat(handle.result(Duration.ofSeconds(10))).isEqualTo("timeout,Bonn");
    }
  }

  /** An approval gate before a payout. */
  static final class Payout implements Workflow<Long, String> {
    @Override
    public String name() {
      return "payout";
    }

    @Override
    public String run(RunContext ctx, Long cents) {
      Approval approval = ctx.awaitApproval("finance", Duration.ofDays(2));
      return approval.decision() + " by " + approval.actor() + ": " + approval.reason();
    }
  }

  @Test
  void anApprovalGateReturnsWhoDecidedWhatAndWhy() {
    SettableClock clock = SettableClock.manual(T0);
    Payout payout = new Payout();
    try (Reprise r = reprise(db("e"), clock, payout)) {
      r.start();
      var approved = r.submit(payout, 100L);
      var rejected = r.submit(payout, 200L);
      var ignored = r.submit(payout, 300L);
      awaitStatus(r, ignored.id(), RunStatus.WAITING);

      r.approve(approved.id(), "finance", "ada", "within budget");
      r.reject(rejected.id(), "finance", "ops-2", "duplicate invoice");
      clock.advance(Duration.ofDays(3));

      assertThat(approved.result(Duration.ofSeconds(10)))
          .isEqualTo("APPROVED by ada: within budget");
      assertThat(rejected.result(Duration.ofSeconds(10)))
          .isEqualTo("REJECTED by ops-2: duplicate invoice");
      assertThat(ignored.result(Duration.ofSeconds(10)))
          .isEqualTo("TIMED_OUT by null: no decision within PT48H");
    }
  }

  @Test
  void aPlainSignalCannotDecideAnApprovalGateOnlyApproveAndRejectCan() {
    SettableClock clock = SettableClock.manual(T0);
    Payout payout = new Payout();
    try (Reprise r = reprise(db("g2"), clock, payout)) {
      r.start();
      var run = r.submit(payout, 100L);
      awaitStatus(r, run.id(), RunStatus.WAITING);
      assertThat(r.run(run.id()).waitingFor())
          .isInstanceOfSatisfying(Wait.Signal.class, w -> assertThat(w.gate()).contains("finance"));

      r.signal(
          run.id(), "finance", new Approval(Approval.Decision.APPROVED, "forged", "no audit", T0));
      assertThatThrownBy(() -> r.signal(run.id(), "#gate:finance", "x"))
          .isInstanceOf(InvalidConfigurationException.class);
      r.approve(run.id(), "finance", "ada", "within budget");

      assertThat(run.result(Duration.ofSeconds(10))).isEqualTo("APPROVED by ada: within budget");
      assertThat(r.audit(run.id()))
          .extracting(AuditEntry::action)
          .containsExactly(OperatorAction.APPROVE);
    }
  }

  @Test
  void signalsToUnknownOrEndedRunsAndBadNamesAreRefused() {
    SettableClock clock = SettableClock.autoAdvancing(T0);
    Payout payout = new Payout();
    try (Reprise r = reprise(db("f"), clock, payout)) {
      r.start();
      var run = r.submit(payout, 1L);
      r.approve(run.id(), "finance", "ada", "ok");
      run.result(Duration.ofSeconds(10));

      assertThatThrownBy(() -> r.signal("nope", "finance", 1))
          .isInstanceOf(RunNotFoundException.class);
      assertThatThrownBy(() -> r.signal(run.id(), "finance", 1))
          .isInstanceOf(RunStateException.class)
          .hasMessageContaining("it is completed");
      assertThatThrownBy(() -> r.signal(run.id(), " ", 1))
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageContaining("name");
      assertThatThrownBy(() -> r.approve(run.id(), "finance", "", "x"))
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageContaining("actor");
    }
  }

  /** Holds a reservation, then waits for a confirmation that never comes. */
  static final class Hold implements Workflow<String, String> {
    final List<String> undone = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
      return "hold";
    }

    @Override
    public String run(RunContext ctx, String input) {
      ctx.step("reserve", () -> "seat", s -> undone.add("release " + s));
      ctx.awaitSignal("confirm", Boolean.class, Duration.ofDays(7));
      return "confirmed";
    }
  }

  @Test
  void cancellingAWaitingRunWakesItAndCompensates() {
    SettableClock clock = SettableClock.manual(T0);
    Hold hold = new Hold();
    try (Reprise r = reprise(db("g"), clock, hold)) {
      r.start();
      var handle = r.submit(hold, "x");
      awaitStatus(r, handle.id(), RunStatus.WAITING);

      r.cancel(handle.id(), "customer left");

      awaitStatus(r, handle.id(), RunStatus.CANCELLED);
      assertThat(hold.undone).containsExactly("release seat");
      assertThat(r.run(handle.id()).compensated()).isTrue();
    }
  }
}
