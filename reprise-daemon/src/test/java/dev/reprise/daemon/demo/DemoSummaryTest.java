package dev.reprise.daemon.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reprise.daemon.demo.JournalProbe.Tally;
import dev.reprise.examples.LedgerAudit;
import dev.reprise.examples.SagaAudit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoSummaryTest {
  private static final DemoOptions TEN_PAYMENTS =
      new DemoOptions(10, 1, 4, 7, Duration.ofMinutes(1), false, 0.0, null);
  private static final SagaAudit.Result NO_SAGAS = new SagaAudit.Result(0, 0, 0, List.of());

  private static DemoSummary summary(int completed, int reruns) {
    return new DemoSummary(
        TEN_PAYMENTS,
        new Tally(Map.of("completed", completed, "running", 10 - completed), completed * 5, 0),
        new LedgerAudit.Totals(completed * 5, 0, 0, 0, completed * 5, 0, reruns),
        NO_SAGAS,
        List.of(),
        List.of(),
        1000,
        List.of());
  }

  @Test
  void aFailedCheckMakesTheJsonReportAnErrorObjectNamingTheProblems() {
    Map<String, Object> fields = summary(8, 1).fields();

    assertThat(fields)
        .containsEntry("error", "demo_failed")
        .containsEntry("passed", false)
        .containsEntry("completed_steps_rerun", 1);
    assertThat((String) fields.get("message"))
        .contains("2 of 10 payment runs did not complete")
        .contains("1 completed steps ran again");
  }

  @Test
  void aPassingReportHasNoError() {
    assertThat(summary(10, 0).fields())
        .containsEntry("passed", true)
        .doesNotContainKeys("error", "message");
  }
}
