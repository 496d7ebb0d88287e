package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.reprise.testing.SettableClock;
import dev.reprise.testing.Workflows.Abc;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every operator action is recorded with who did it, when and why, readable per run. */
class AuditTest {
  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  static final class Gate implements Workflow<String, String> {
    @Override
    public String name() {
      return "gate";
    }

    @Override
    public String run(RunContext ctx, String input) {
      return ctx.awaitApproval("finance", Duration.ofDays(1)).actor();
    }
  }

  @Test
  void approvalsCancelsAndRetriesAreRecordedWithActorTimeAndReason() {
    SettableClock clock = SettableClock.manual(T0);
    try (Reprise r = Reprise.builder().sqliteInMemory().clock(clock).workflow(new Gate()).build()) {
      r.start();
      var approved = r.submit(new Gate(), "a");
      r.approve(approved.id(), "finance", "ops-2", "receipts attached");
      assertThat(approved.result(Duration.ofSeconds(10))).isEqualTo("ops-2");

      var cancelled = r.submit(new Gate(), "b");
      clock.advance(Duration.ofMinutes(1));
      r.as("Jane Doe").cancel(cancelled.id(), "duplicate of " + approved.id());

      assertThat(r.audit(approved.id()))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.action()).isEqualTo(OperatorAction.APPROVE);
                assertThat(a.actor()).isEqualTo("ops-2");
                assertThat(a.reason()).isEqualTo("receipts attached");
                assertThat(a.detail()).isEqualTo("gate finance");
                assertThat(a.at()).isEqualTo(T0);
                assertThat(a.runId()).isEqualTo(approved.id());
              });
      assertThat(r.audit(cancelled.id()))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.action()).isEqualTo(OperatorAction.CANCEL);
                assertThat(a.actor()).isEqualTo("Jane Doe");
                assertThat(a.reason()).isEqualTo("duplicate of " + approved.id());
                assertThat(a.at()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
              });
      assertThat(r.audit("no-such-run")).isEmpty();
    }
  }

  @Test
  void aRejectionIsRecordedWithTheDecidersNameAndReason() {
    SettableClock clock = SettableClock.manual(T0);
    try (Reprise r = Reprise.builder().sqliteInMemory().clock(clock).workflow(new Gate()).build()) {
      r.start();
      var rejected = r.submit(new Gate(), "a");
      clock.advance(Duration.ofMinutes(2));

      r.as("ops-1").reject(rejected.id(), "finance", "ops-6", "no receipts attached");

      assertThat(rejected.result(Duration.ofSeconds(10))).as("the decider").isEqualTo("ops-6");
      assertThat(r.audit(rejected.id()))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.action()).isEqualTo(OperatorAction.REJECT);
                assertThat(a.actor()).as("the decision names its actor").isEqualTo("ops-6");
                assertThat(a.reason()).isEqualTo("no receipts attached");
                assertThat(a.detail()).isEqualTo("gate finance");
                assertThat(a.at()).isEqualTo(T0.plus(Duration.ofMinutes(2)));
                assertThat(a.runId()).isEqualTo(rejected.id());
              });
    }
  }

  static final class Fails implements Workflow<String, String> {
    @Override
    public String name() {
      return "fails";
    }

    @Override
    public String run(RunContext ctx, String input) {
      throw new IllegalStateException("no");
    }
  }

  @Test
  void aRetryRecordsTheNewRunAndAClientWithoutAnActorRecordsTheProcessUser() {
    try (Reprise r = Reprise.builder().sqliteInMemory().workflow(new Fails()).build()) {
      r.start();
      String failed = "failed-run";
      r.submit(new Fails(), "x", RunOptions.runId(failed));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> r.run(failed).status() == RunStatus.FAILED);
      r.markFailedCompensation(failed, "stuck");
      r.resolve(failed, "refunded by hand");
      RunHandle<Object> retried = r.as("ops-1", "ticket 7").retry(failed);

      List<AuditEntry> audit = r.audit(failed);
      assertThat(audit)
          .extracting(AuditEntry::action)
          .containsExactly(
              OperatorAction.MARK_FAILED_COMPENSATION,
              OperatorAction.RESOLVE,
              OperatorAction.RETRY);
      assertThat(audit.get(0).actor()).isEqualTo(System.getProperty("user.name"));
      assertThat(audit.get(1).reason()).isEqualTo("refunded by hand");
      assertThat(audit.get(2).actor()).isEqualTo("ops-1");
      assertThat(audit.get(2).reason()).isEqualTo("ticket 7");
      assertThat(audit.get(2).detail()).isEqualTo(retried.id());
    }
  }

  @Test
  void aRetriedCompensationIsRecordedWithTheClientsActorAndReason() {
    try (Reprise r = Reprise.builder().sqliteInMemory().workflow(new Fails()).build()) {
      r.start();
      String failed = "stuck-run";
      r.submit(new Fails(), "x", RunOptions.runId(failed));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> r.run(failed).status() == RunStatus.FAILED);
      r.markFailedCompensation(failed, "refund service down");
      Instant before = Instant.ofEpochMilli(System.currentTimeMillis());

      r.as("ops-5", "the refund service is back").retryCompensation(failed);

      List<AuditEntry> audit = r.audit(failed);
      assertThat(audit)
          .extracting(AuditEntry::action)
          .containsExactly(
              OperatorAction.MARK_FAILED_COMPENSATION, OperatorAction.RETRY_COMPENSATION);
      AuditEntry retried = audit.get(1);
      assertThat(retried.actor()).isEqualTo("ops-5");
      assertThat(retried.reason()).isEqualTo("the refund service is back");
      assertThat(retried.runId()).isEqualTo(failed);
      assertThat(retried.at()).isBetween(before, Instant.now());
    }
  }

  @Test
  void scheduleChangesAreRecordedAndOutliveTheSchedule() {
    try (Reprise r = Reprise.builder().sqliteInMemory().workflow(new Abc()).build()) {
      RepriseClient ops = r.as("ops-3", "quarterly review");
      ops.schedule("nightly", "0 3 * * *", "UTC", "abc", "x", MisfirePolicy.SKIP);
      ops.pauseSchedule("nightly");
      ops.resumeSchedule("nightly");
      ops.deleteSchedule("nightly");

      assertThat(r.scheduleAudit("nightly"))
          .extracting(AuditEntry::action)
          .containsExactly(
              OperatorAction.SCHEDULE_CREATE,
              OperatorAction.SCHEDULE_PAUSE,
              OperatorAction.SCHEDULE_RESUME,
              OperatorAction.SCHEDULE_DELETE);
      assertThat(r.scheduleAudit("nightly"))
          .allSatisfy(
              a -> {
                assertThat(a.actor()).isEqualTo("ops-3");
                assertThat(a.reason()).isEqualTo("quarterly review");
                assertThat(a.schedule()).isEqualTo("nightly");
                assertThat(a.runId()).isNull();
              });
      assertThat(r.scheduleAudit("nightly").get(0).detail()).contains("0 3 * * *", "abc");
    }
  }

  @Test
  void aRefusedActionRecordsNothing() {
    try (Reprise r = Reprise.builder().sqliteInMemory().workflow(new Abc()).build()) {
      String id = r.submit(new Abc(), "x").id();
      try {
        r.resolve(id, "not yet");
      } catch (RunStateException expected) {
        // only failed_compensation runs are resolved
      }
      assertThat(r.audit(id)).isEmpty();
    }
  }
}
