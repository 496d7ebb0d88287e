package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.reprise.testing.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention, tags and their searches where a user's use goes past the common path. */
class RetentionAndTagEdgesTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  static final class Kid implements Workflow<String, String> {
    @Override
    public String name() {
      return "kid";
    }

    @Override
    public String run(RunContext ctx, String input) {
      return "kid " + input;
    }
  }

  /** Starts a child, sleeps two days, then awaits the child, which ended long before. */
  static final class Parent implements Workflow<String, String> {
    final Kid kid = new Kid();

    @Override
    public String name() {
      return "parent";
    }

    @Override
    public String run(RunContext ctx, String input) {
      ChildRun<String> child = ctx.startChild(kid, input);
      ctx.sleep(Duration.ofDays(2));
      return "got " + ctx.awaitChild(child);
    }
  }

  /** Starts a child, then a step that fails while {@code failing}, then awaits the child. */
  static final class Stumbling implements Workflow<String, String> {
    final Kid kid = new Kid();
    final java.util.concurrent.atomic.AtomicBoolean failing =
        new java.util.concurrent.atomic.AtomicBoolean(true);

    @Override
    public String name() {
      return "stumbling";
    }

    @Override
    public String run(RunContext ctx, String input) {
      ChildRun<String> child = ctx.startChild(kid, input);
      ctx.step(
          "flaky",
          StepOptions.retry(RetryPolicy.NONE),
          () -> {
            if (failing.get()) {
              throw new IllegalStateException("down");
            }
            return "up";
          });
      return "got " + ctx.awaitChild(child);
    }
  }

  static final class Tagger implements Workflow<String, String> {
    @Override
    public String name() {
      return "tagger";
    }

    @Override
    public String run(RunContext ctx, String value) {
      ctx.tag("v", value);
      return "ok";
    }
  }

  /** An engine running {@code kid} and {@code parent}, whose kid runs are kept an hour. */
  private Reprise keepingKidsAnHour(SettableClock clock, Kid kid, Workflow<?, ?> parent) {
    Reprise r =
        Reprise.builder()
            .sqlite(dir.resolve("retention.db"))
            .clock(clock)
            .workflow(kid)
            .workflow(parent)
            .build();
    r.retention("kid", RetentionPolicy.keep().completed(Duration.ofHours(1)));
    r.start();
    return r;
  }

  @Test
  void retentionKeepsAnEndedChildWhileItsParentMayStillAwaitIt() {
    SettableClock clock = SettableClock.manual(Instant.parse("2030-01-01T00:00:00Z"));
    Parent parent = new Parent();
    try (Reprise r = keepingKidsAnHour(clock, parent.kid, parent)) {
      RunHandle<String> run = r.submit(parent, "x");
      await()
          .atMost(WAIT)
          .until(
              () ->
                  r.run(run.id()).status() == RunStatus.WAITING
                      && r.run(run.id() + ":1").status() == RunStatus.COMPLETED);
      clock.advance(Duration.ofHours(2));

      assertThat(r.applyRetention()).as("runs deleted while the parent waits").isZero();
      clock.advance(Duration.ofDays(2));
      assertThat(run.result(WAIT)).isEqualTo("got kid x");
      clock.advance(Duration.ofHours(2));
      assertThat(r.applyRetention()).as("the child, once its parent ended").isEqualTo(1);
    }
  }

  @Test
  void aParentResumedAfterItsEndedChildWasDeletedFailsTheAwaitInsteadOfWaitingForEver() {
    SettableClock clock = SettableClock.manual(Instant.parse("2030-01-01T00:00:00Z"));
    Stumbling parent = new Stumbling();
    try (Reprise r = keepingKidsAnHour(clock, parent.kid, parent)) {
      RunHandle<String> run = r.submit(parent, "x");
      await()
          .atMost(WAIT)
          .until(
              () ->
                  r.run(run.id()).status() == RunStatus.FAILED
                      && r.run(run.id() + ":1").status() == RunStatus.COMPLETED);
      clock.advance(Duration.ofHours(2));
      assertThat(r.applyRetention()).as("the child of an ended parent").isEqualTo(1);
      parent.failing.set(false);

      r.resume(run.id());

      await().atMost(WAIT).until(() -> r.run(run.id()).status().isTerminal());
      RunInfo ended = r.run(run.id());
      assertThat(ended.status()).isEqualTo(RunStatus.FAILED);
      assertThat(ended.errorMessage()).contains("no longer exists");
    }
  }

  @Test
  void aKeepUnderOneSecondIsRefusedNamingTheFieldAndNothingIsWritten() {
    try (Reprise r = Reprise.builder().sqlite(dir.resolve("k.db")).workflow(new Tagger()).build()) {
      assertThatThrownBy(() -> RetentionPolicy.keep().completed(Duration.ofNanos(500)))
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageContaining("completed")
          .hasMessageContaining("at least 1 second");
      assertThat(r.retentionPolicies()).isEmpty();
    }
  }

  @Test
  void aSearchForTwoValuesOfOneTagNameIsRefusedNotAnsweredWithOne() {
    assertThatThrownBy(() -> RunFilter.all().withTag("region", "eu").withTag("region", "us"))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("tag")
        .hasMessageContaining("'eu' and 'us'");
    assertThat(RunFilter.all().withTag("region", "eu").withTag("region", "eu").tags())
        .containsExactly(Map.entry("region", "eu"));
  }

  @Test
  void aTagValueIsMeasuredInCharactersNotJavaChars() {
    try (Reprise r = Reprise.builder().sqlite(dir.resolve("t.db")).workflow(new Tagger()).build()) {
      r.start();
      String emoji200 = "\uD83D\uDE00".repeat(200);

      RunHandle<String> run = r.submit(new Tagger(), emoji200);

      assertThat(run.result(WAIT)).isEqualTo("ok");
      assertThat(r.runs(RunFilter.all().withTag("v", emoji200))).hasSize(1);
      assertThatThrownBy(
              () ->
                  r.submit(
                      new Tagger(),
                      "x",
                      RunOptions.DEFAULT.withTag("v", "\uD83D\uDE00".repeat(257))))
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageContaining("257 long");
    }
  }
}
