package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An input is one JSON value, compared exactly: decimals as written, nothing after it. */
class ExactInputTest {
  @TempDir Path dir;

  record Payment(String id, BigDecimal amount) {}

  static final class Pay implements Workflow<Payment, String> {
    @Override
    public String name() {
      return "pay";
    }

    @Override
    public String run(RunContext ctx, Payment p) {
      return ctx.step("charge", () -> "charged " + p.amount().toPlainString());
    }
  }

  @Test
  void theSameKeyWithADecimalThatOnlyADoubleWouldRoundToTheSameIsAConflict() {
    Pay pay = new Pay();
    try (Reprise r = Reprise.builder().sqlite(dir.resolve("a.db")).workflow(pay).build()) {
      String first =
          r.submitJson("pay", "{\"id\":\"p1\",\"amount\":0.1}", RunOptions.idempotencyKey("k1"))
              .id();
      assertThatThrownBy(
              () ->
                  r.submitJson(
                      "pay",
                      "{\"id\":\"p1\",\"amount\":0.10000000000000001}",
                      RunOptions.idempotencyKey("k1")))
          .isInstanceOf(IdempotencyConflictException.class);
      assertThat(
              r.submitJson(
                      "pay", "{\"amount\":1.0e-1,\"id\":\"p1\"}", RunOptions.idempotencyKey("k1"))
                  .id())
          .as("the same number written another way is the same input")
          .isEqualTo(first);
    }
  }

  @Test
  void aSecondValueAfterTheInputIsRefusedAndNothingIsStored() {
    Pay pay = new Pay();
    try (Reprise r = Reprise.builder().sqlite(dir.resolve("b.db")).workflow(pay).build()) {
      assertThatThrownBy(
              () ->
                  r.submitJson(
                      "pay",
                      "{\"id\":\"p2\",\"amount\":1} {\"id\":\"p2\",\"amount\":1000}",
                      RunOptions.DEFAULT))
          .isInstanceOf(InvalidInputException.class);
      assertThat(r.runs(RunFilter.all())).isEmpty();
    }
  }
}
