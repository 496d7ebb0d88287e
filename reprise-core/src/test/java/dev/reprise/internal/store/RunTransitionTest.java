package dev.reprise.internal.store;

import static dev.reprise.RunStatus.CANCELLED;
import static dev.reprise.RunStatus.COMPENSATING;
import static dev.reprise.RunStatus.COMPLETED;
import static dev.reprise.RunStatus.FAILED;
import static dev.reprise.RunStatus.FAILED_COMPENSATION;
import static dev.reprise.RunStatus.PENDING;
import static dev.reprise.RunStatus.RUNNING;
import static dev.reprise.RunStatus.WAITING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reprise.RunStatus;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunTransitionTest {

  @Test
  void onlyAnOperatorMovesARunThatHasEnded() {
    Set<RunTransition> fromTerminal = EnumSet.noneOf(RunTransition.class);
    for (RunTransition t : RunTransition.values()) {
      for (RunStatus from : t.from()) {
        if (from.isTerminal()) {
          fromTerminal.add(t);
        }
      }
    }
    assertThat(fromTerminal)
        .containsExactlyInAnyOrder(
            RunTransition.MARK_FAILED_COMPENSATION,
            RunTransition.RETRY_COMPENSATION,
            RunTransition.RESOLVE,
            RunTransition.RESUME);
  }

  @Test
  void aRunEndsOnlyByItsExecutorRecoveryOrAnOperator() {
    assertThat(RunTransition.between(RUNNING, COMPLETED)).containsExactly(RunTransition.END);
    assertThat(RunTransition.between(COMPENSATING, COMPLETED)).isEmpty();
    assertThat(RunTransition.between(RUNNING, FAILED_COMPENSATION)).isEmpty();
    assertThat(RunTransition.between(PENDING, CANCELLED))
        .containsExactly(RunTransition.CANCEL_PENDING);
    assertThat(RunTransition.between(WAITING, CANCELLED))
        .as("a waiting run unwinds first")
        .isEmpty();
    assertThat(RunTransition.between(RUNNING, FAILED))
        .containsExactlyInAnyOrder(RunTransition.END, RunTransition.FAIL_UNRECOVERABLE);
  }

  @Test
  void theSqlOfATransitionIsItsTable() {
    assertThat(RunTransition.PARK.fromSql()).isEqualTo("('running')");
    assertThat(RunTransition.PARK.toSql()).isEqualTo("'waiting'");
    assertThat(RunTransition.TAKE_BACK.fromSql()).isEqualTo("('running', 'compensating')");
    assertThat(RunTransition.TAKE_BACK.toSql())
        .isEqualTo(
            "case status when 'running' then 'pending' when 'compensating' then 'compensating' end");
    assertThat(RunTransition.END.fromSql(COMPLETED)).isEqualTo("('running')");
    assertThat(RunTransition.END.fromSql(FAILED)).isEqualTo("('running', 'compensating')");
    assertThatThrownBy(RunTransition.END::toSql).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> RunTransition.END.fromSql(PENDING))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theClaimReadsEachStatusItStartsFromThroughItsOwnBranch() {
    // the dialects' claim statements have one branch per status (each through its own index):
    // a change of this set must change them too
    assertThat(RunTransition.CLAIM.from()).isEqualTo(EnumSet.of(PENDING, WAITING, COMPENSATING));
  }

  @Test
  void namedSetsAreWhatTheirNamesSay() {
    assertThat(StatusSet.HELD.sql()).isEqualTo("('running', 'compensating')");
    assertThat(StatusSet.TERMINAL.sql())
        .isEqualTo("('completed', 'failed', 'cancelled', 'failed_compensation')");
    assertThat(StatusSet.VACUUMABLE.contains(FAILED_COMPENSATION)).isFalse();
    assertThat(StatusSet.UNRESOLVED.contains(FAILED_COMPENSATION)).isTrue();
    assertThat(StatusSet.UNRESOLVED.contains(COMPLETED)).isFalse();
  }
}
