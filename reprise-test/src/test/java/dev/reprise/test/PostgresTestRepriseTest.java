package dev.reprise.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reprise.Reprise;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@RepriseTest(postgres = true)
class PostgresTestRepriseTest {

  @Test
  void aMonthLongSleepEndsAtOnceOnAFreshSchema(TestReprise reprise) {
    TestRepriseTest.Patient patient = new TestRepriseTest.Patient();
    Reprise engine = reprise.start(patient);

    assertThat(reprise.sqliteFile()).isNull();
    assertThat(reprise.awaitResult(engine.submit(patient, "p")))
        .isEqualTo("timed out after 37 days");
    assertThat(engine.runs(dev.reprise.RunFilter.all())).hasSize(1);
    assertThat(reprise.clock().instant())
        .isAfterOrEqualTo(
            engine
                .run(engine.runs(dev.reprise.RunFilter.all()).get(0).id())
                .createdAt()
                .plus(Duration.ofDays(37)));
  }

  @org.junit.jupiter.api.Nested
  class WhenNested {
    @Test
    void aNestedTestIsOnPostgresToo(TestReprise reprise) {
      assertThat(reprise.sqliteFile()).isNull();
    }
  }
}
