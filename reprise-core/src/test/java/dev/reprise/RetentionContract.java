package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.reprise.testing.Jdbc;
import dev.reprise.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Retention policies: stored for every node, applied by any engine on its clock. */
public abstract class RetentionContract extends EngineFixture {
  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  private static final Duration WAIT = Duration.ofSeconds(20);

  /** Ends as its input says: "ok" completes, "fail" fails, "wait" waits for a signal. */
  static final class Job implements Workflow<String, String> {
    private final String name;

    Job(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String run(RunContext ctx, String input) {
      ctx.tag("kind", input);
      ctx.publish("seen", input);
      switch (input) {
        case "fail" -> throw new IllegalStateException("asked to fail");
        case "wait" -> ctx.awaitSignal("go", String.class, Duration.ofDays(3650));
        default -> {}
      }
      return input;
    }
  }

  @Test
  void anEngineDeletesOnlyWhatThePolicySaysOnceItsTimeHasCome() {
    SettableClock clock = SettableClock.manual(T0);
    Job payment = new Job("payment");
    Job report = new Job("report");
    try (Reprise r = db("a").builder().clock(clock).workflow(payment).workflow(report).build()) {
      r.retention(
          "payment",
          RetentionPolicy.keep().completed(Duration.ofDays(7)).failed(Duration.ofDays(30)));
      r.start();
      var done = r.submit(payment, "ok");
      var failed = r.submit(payment, "fail");
      var waiting = r.submit(payment, "wait");
      var stuck = r.submit(payment, "fail");
      var other = r.submit(report, "ok");
      await().atMost(WAIT).until(() -> r.run(stuck.id()).status() == RunStatus.FAILED);
      r.markFailedCompensation(stuck.id(), "a refund to check by hand");
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(
                          java.util.stream.Stream.of(done, failed, waiting, stuck, other)
                              .map(h -> r.run(h.id()).status()))
                      .containsExactly(
                          RunStatus.COMPLETED,
                          RunStatus.FAILED,
                          RunStatus.WAITING,
                          RunStatus.FAILED_COMPENSATION,
                          RunStatus.COMPLETED));

      clock.advance(Duration.ofDays(6));
      assertThat(r.applyRetention()).isZero();

      clock.advance(Duration.ofDays(2)); // 8 days: the completed payment goes, by the engine itself
      await().atMost(WAIT).until(() -> r.runs(RunFilter.all().withWorkflow("payment")).size() == 3);
      assertThat(r.runs(RunFilter.all()))
          .extracting(RunInfo::id)
          .containsExactlyInAnyOrder(failed.id(), waiting.id(), stuck.id(), other.id());

      clock.advance(Duration.ofDays(30));
      await().atMost(WAIT).until(() -> r.runs(RunFilter.all()).size() == 3);
      assertThat(r.runs(RunFilter.all()))
          .extracting(RunInfo::id)
          .containsExactlyInAnyOrder(waiting.id(), stuck.id(), other.id());
      assertThat(r.applyRetention()).isZero();
    }
    try (Jdbc sql = db("a").jdbc()) {
      for (String table : new String[] {"steps", "run_tags", "run_published"}) {
        assertThat(
                sql.count(
                    "select count(*) from " + table + " where run_id not in (select id from runs)"))
            .as(table + " of deleted runs")
            .isZero();
      }
    }
  }

  @Test
  void policiesLiveInTheDatabaseForEveryClientAndNodeOfIt() {
    try (Reprise r = db("a").builder().workflow(new Job("payment")).build()) {
      r.retention("payment", RetentionPolicy.keep().cancelled(Duration.ofHours(12)));
    }
    try (RepriseClient other = db("a").builder().buildClient()) {
      assertThat(other.retentionPolicies())
          .containsExactly(
              Map.entry("payment", RetentionPolicy.keep().cancelled(Duration.ofHours(12))));
      other.retention("payment", RetentionPolicy.keep().failed(Duration.ofDays(1)));
      assertThat(other.retentionPolicies().get("payment"))
          .isEqualTo(RetentionPolicy.keep().failed(Duration.ofDays(1)));
      other.retention("payment", RetentionPolicy.keep());
      assertThat(other.retentionPolicies()).isEmpty();
    }
  }

  @Test
  void aBadPolicyIsRefusedNamingTheFieldAndNothingIsWritten() {
    try (Reprise r = db("a").builder().workflow(new Job("payment")).build()) {
      assertThatThrownBy(() -> RetentionPolicy.keep().completed(Duration.ZERO))
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageStartingWith("completed:");
      assertThatThrownBy(() -> RetentionPolicy.keep().failed(Duration.ofDays(-1)))
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageStartingWith("failed:");
      assertThatThrownBy(
              () -> r.retention("no-such", RetentionPolicy.keep().completed(Duration.ofDays(1))))
          .isInstanceOf(UnknownWorkflowException.class);
      assertThatThrownBy(() -> r.retention(" ", RetentionPolicy.keep()))
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageStartingWith("workflow:");
      assertThat(r.retentionPolicies()).isEmpty();
    }
  }
}
