package dev.reprise.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reprise.RunStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The crash test on the kit's own workflows; the bundled examples (a saga that unwinds, an
 * approval) are crashed in reprise-daemon's tests.
 */
class CrashTestTest {

  @Test
  void aSagaKilledAfterEveryCommitCompletesAsWithoutACrashAndRunsNoCompletedStepAgain() {
    CrashReport report = CrashTest.of(KitWorkflows.class, "transfer", "\"t-1\"").run();

    assertThat(report.reference().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(report.reference().output()).isEqualTo("\"debit-t-1+credit-t-1\"");
    assertThat(report.states()).isGreaterThanOrEqualTo(6);
    assertThat(report.points().size() + report.unreached().size()).isEqualTo(report.states());
    assertThat(report.points()).extracting(CrashPoint::state).doesNotHaveDuplicates();
    report.assertHeld();
  }

  @Test
  void aMonthOfSleepAndAnAnsweredSignalCostNothingAcrossEveryCrash() {
    CrashReport report =
        CrashTest.of(KitWorkflows.class, "patient", "\"p-1\"").signal("go", "now").run();

    assertThat(report.reference().output()).isEqualTo("\"p-1: now\"");
    report.assertHeld();
  }

  @Test
  void aWorkflowThatEndsOtherwiseAfterACrashIsReportedWithTheCommitAndTheJournal() {
    CrashReport report = CrashTest.of(KitWorkflows.class, "drifting", "\"d\"").run();

    assertThat(report.held()).isFalse();
    CrashPoint first = report.firstBroken().orElseThrow();
    assertThat(first.problems())
        .anySatisfy(p -> assertThat(p).contains("ended otherwise than without a crash"));
    assertThatThrownBy(report::assertHeld)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("killed at journal state " + first.state())
        .hasMessageContaining("the journal when the process died")
        .hasMessageContaining("run crash-test-run (drifting)");
  }

  @Test
  void aWorkflowThatReturnsTheTimeOfItsContextEndsTheSameAfterEveryCrash() {
    CrashReport report = CrashTest.of(KitWorkflows.class, "clocked", "\"c\"").run();

    assertThat(report.reference().output()).contains("T");
    report.assertHeld();
  }

  @Test
  void aStepThatEndsTheProcessFailsTheTestWithAMessageAndLeavesThisJvmAlone() {
    assertThatThrownBy(() -> CrashTest.of(KitWorkflows.class, "exiting", "\"e\"").run())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("without a crash the run did not end")
        .hasMessageContaining("exited with code 3");
  }

  @Test
  void aStepThatNeverReturnsFailsTheTestWithAMessageInsteadOfHangingIt() {
    assertThatThrownBy(
            () ->
                CrashTest.of(KitWorkflows.class, "stuck", "\"s\"")
                    .timeout(Duration.ofSeconds(2))
                    .run())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("without a crash the run did not end");
  }
}
