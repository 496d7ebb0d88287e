package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.reprise.testing.Workflows.Abc;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BadInputTest {
  record Transfer(String from, String to, long cents) {}

  static final class Pay implements Workflow<Transfer, String> {
    @Override
    public String name() {
      return "pay";
    }

    @Override
    public String run(RunContext ctx, Transfer t) {
      return ctx.step("move", () -> t.from() + "->" + t.to());
    }
  }

  static Workflow<String, String> named(String name) {
    return new Workflow<>() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String run(RunContext ctx, String input) {
        return input;
      }
    };
  }

  @Test
  void anUnknownWorkflowIsRefusedAndNothingIsWritten() {
    try (Reprise r = Reprise.builder().sqliteInMemory().workflow(new Pay()).build()) {
      assertThatThrownBy(() -> r.submitJson("pay-v2", "{}", RunOptions.DEFAULT))
          .isInstanceOf(UnknownWorkflowException.class)
          .hasMessageContaining("'pay-v2'");
      assertThatThrownBy(() -> r.submit(named("stranger"), "x"))
          .isInstanceOf(UnknownWorkflowException.class)
          .hasMessageContaining("'stranger'");
      assertThat(r.runs(RunFilter.all())).isEmpty();
    }
  }

  @Test
  void inputThatDoesNotFitTheDeclaredTypeIsRefusedNamingTheField() {
    try (Reprise r = Reprise.builder().sqliteInMemory().workflow(new Pay()).build()) {
      assertThatThrownBy(
              () ->
                  r.submitJson(
                      "pay",
                      "{\"from\":\"a\",\"to\":\"b\",\"cents\":\"lots\"}",
                      RunOptions.DEFAULT))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("field 'cents'");
      assertThatThrownBy(
              () ->
                  r.submitJson(
                      "pay",
                      "{\"from\":\"a\",\"to\":\"b\",\"cents\":1,\"tip\":5}",
                      RunOptions.DEFAULT))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("tip");
      assertThatThrownBy(() -> r.submitJson("pay", "{\"from\":", RunOptions.DEFAULT))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("not well-formed JSON");
      assertThat(r.runs(RunFilter.all())).isEmpty();
    }
  }

  @Test
  void aFractionOrANumberBeyondItsTypeIsRefusedAtSubmitNamingTheField() {
    try (Reprise r = Reprise.builder().sqliteInMemory().workflow(new Pay()).build()) {
      for (String cents : new String[] {"1.5", "1e30", "99999999999999999999", "1e400"}) {
        assertThatThrownBy(
                () ->
                    r.submitJson(
                        "pay",
                        "{\"from\":\"a\",\"to\":\"b\",\"cents\":" + cents + "}",
                        RunOptions.DEFAULT))
            .as(cents)
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("field 'cents'")
            .hasMessageNotContaining("JsonReadFeature");
      }
      assertThat(r.runs(RunFilter.all())).isEmpty();
    }
  }

  enum Color {
    RED,
    GREEN
  }

  record Typed(
      byte b, short sh, int i, long l, float f, double d, boolean flag, String s, Color color) {}

  static final class TypedWorkflow implements Workflow<Typed, String> {
    @Override
    public String name() {
      return "typed";
    }

    @Override
    public String run(RunContext ctx, Typed in) {
      return in.toString();
    }
  }

  private static String typed(String field, String value) {
    String fields =
        "\"b\":1,\"sh\":1,\"i\":1,\"l\":1,\"f\":1.5,\"d\":1.5,\"flag\":true,\"s\":\"s\","
            + "\"color\":\"RED\"";
    return "{" + fields.replaceFirst("\"" + field + "\":[^,]*", "\"" + field + "\":" + value) + "}";
  }

  @Test
  void aValueOfAnotherJsonTypeOrBeyondItsTypeIsRefusedNamingTheField() {
    String[][] refused = {
      {"b", "200"},
      {"b", "-129"},
      {"sh", "70000"},
      {"i", "3000000000"},
      {"l", "1e30"},
      {"l", "9223372036854775808"},
      {"f", "1e39"},
      {"d", "1e400"},
      {"i", "\"12\""},
      {"i", "1.0"},
      {"flag", "1"},
      {"flag", "\"true\""},
      {"s", "12"},
      {"s", "true"},
      {"color", "1"},
      {"d", "\"1.5\""},
    };
    try (Reprise r = Reprise.builder().sqliteInMemory().workflow(new TypedWorkflow()).build()) {
      assertThat(r.submitJson("typed", typed("b", "-128"), RunOptions.DEFAULT)).isNotNull();
      for (String[] c : refused) {
        assertThatThrownBy(() -> r.submitJson("typed", typed(c[0], c[1]), RunOptions.DEFAULT))
            .as(c[0] + " = " + c[1])
            .isInstanceOf(InvalidInputException.class)
            .hasMessageContaining("field '" + c[0] + "'");
      }
      assertThatThrownBy(
              () ->
                  r.submitJson(
                      "typed", typed("i", "1").replace("{", "{\"i\":7,"), RunOptions.DEFAULT))
          .as("a key given twice")
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("'i'");
      assertThat(r.runs(RunFilter.all())).hasSize(1);
    }
  }

  @Test
  void aStoredInputIsReadByTheSameRuleWhenTheRunExecutes(@TempDir Path dir) {
    Path db = dir.resolve("inputs.db");
    String extraField;
    String fraction;
    // a process that does not know the workflow stores what it is given
    try (RepriseClient client = Reprise.builder().sqlite(db).buildClient()) {
      extraField =
          client
              .submitJson("pay", "{\"from\":\"a\",\"to\":\"b\",\"cents\":1,\"tip\":5}", null)
              .id();
      fraction = client.submitJson("pay", "{\"from\":\"a\",\"to\":\"b\",\"cents\":1.5}", null).id();
    }
    try (Reprise r = Reprise.builder().sqlite(db).workflow(new Pay()).build()) {
      r.start();
      for (String id : new String[] {extraField, fraction}) {
        RunFailedException failed =
            catchThrowableOfType(
                RunFailedException.class,
                () -> r.handle(id, TypeRef.of(String.class)).result(Duration.ofSeconds(10)));
        assertThat(failed.errorType()).isEqualTo("invalid_input");
        assertThat(failed.errorMessage())
            .contains(id.equals(extraField) ? "field 'tip'" : "field 'cents'");
        assertThat(r.steps(id)).as("no step ran on a bent input").isEmpty();
      }
    }
  }

  @Test
  void wellFormedInputIsAcceptedAndRuns() {
    try (Reprise r = Reprise.builder().sqliteInMemory().workflow(new Pay()).build()) {
      r.start();
      var run =
          r.submitJson("pay", "{\"from\":\"a\",\"to\":\"b\",\"cents\":100}", RunOptions.DEFAULT);
      assertThat(run.result(Duration.ofSeconds(10))).isEqualTo("a->b");
    }
  }

  @Test
  void blankAndDuplicateWorkflowNamesAreRefused() {
    assertThatThrownBy(() -> Reprise.builder().sqliteInMemory().workflow(named(" ")).build())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("workflow name");
    assertThatThrownBy(
            () ->
                Reprise.builder()
                    .sqliteInMemory()
                    .workflow(named("a"))
                    .workflow(named("a"))
                    .build())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("'a' is registered twice");
  }

  @Test
  void negativeDurationsAndAttemptsAreRefusedNamingTheField() {
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, 1.0, Duration.ZERO, Set.of()))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(
            () ->
                RetryPolicy.DEFAULT.withBackoff(Duration.ofMillis(-1), 2.0, Duration.ofSeconds(1)))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("initialBackoff");
    assertThatThrownBy(
            () -> RetryPolicy.DEFAULT.withBackoff(Duration.ZERO, 0.5, Duration.ofSeconds(1)))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("multiplier");
    assertThatThrownBy(
            () -> Reprise.builder().sqliteInMemory().pollInterval(Duration.ofSeconds(-1)).build())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("pollInterval");
    assertThatThrownBy(() -> Reprise.builder().sqliteInMemory().concurrency(0).build())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("concurrency");
    assertThatThrownBy(() -> Reprise.builder().build())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("store");
    assertThatThrownBy(() -> RunOptions.idempotencyKey(" "))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("idempotencyKey");
  }

  @Test
  void idempotencyKeyOutsideAStepBodyIsAnError() {
    Workflow<String, String> w =
        new Workflow<>() {
          @Override
          public String name() {
            return "keyless";
          }

          @Override
          public String run(RunContext ctx, String input) {
            return ctx.idempotencyKey();
          }
        };
    try (Reprise r = Reprise.builder().sqliteInMemory().workflow(w).build()) {
      r.start();
      assertThatThrownBy(() -> r.submit(w, "x").result(Duration.ofSeconds(10)))
          .isInstanceOf(RunFailedException.class)
          .hasMessageContaining("only available inside a step body");
    }
  }

  @Test
  void anUnknownRunIdIsNotFound() {
    try (Reprise r = Reprise.builder().sqliteInMemory().workflow(new Abc()).build()) {
      assertThatThrownBy(() -> r.run("nope"))
          .isInstanceOf(RunNotFoundException.class)
          .hasMessageContaining("'nope'");
    }
  }
}
