package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's tour, as written there, so that it stays true. */
class ReadmeTourTest {
  @TempDir Path dir;

  record Order(String id, String customer, long cents) {}

  record Receipt(String orderId, String chargeId) {}

  static final class Payments {
    final List<String> keys = new CopyOnWriteArrayList<>();

    String charge(String customer, long cents, String idempotencyKey) {
      keys.add(idempotencyKey);
      return "ch-" + customer + "-" + cents;
    }
  }

  static final class Mailer {
    final List<String> sent = new CopyOnWriteArrayList<>();

    String send(String to, String text) {
      sent.add(to + ": " + text);
      return "sent";
    }
  }

  static final class Checkout implements Workflow<Order, Receipt> {
    private final Payments payments;
    private final Mailer mailer;

    Checkout(Payments payments, Mailer mailer) {
      this.payments = payments;
      this.mailer = mailer;
    }

    @Override
    public String name() {
      return "checkout";
    }

    @Override
    public Receipt run(RunContext ctx, Order order) {
      String chargeId =
          ctx.step(
              "charge",
              () -> payments.charge(order.customer(), order.cents(), ctx.idempotencyKey()));
      ctx.step(
          "mail", StepOptions.once(), () -> mailer.send(order.customer(), "Paid: " + chargeId));
      return new Receipt(order.id(), chargeId);
    }
  }

  @Test
  void theTourRunsAsWritten() {
    Payments payments = new Payments();
    Mailer mailer = new Mailer();
    Checkout checkout = new Checkout(payments, mailer);
    Order order = new Order("o-1", "ada", 4200);
    try (Reprise reprise =
        Reprise.builder().sqlite(dir.resolve("data/reprise.db")).workflow(checkout).build()) {
      RecoveryReport recovered = reprise.start();
      RunHandle<Receipt> run =
          reprise.submit(checkout, order, RunOptions.idempotencyKey(order.id()));
      Receipt receipt = run.result(Duration.ofMinutes(1));
      RunInfo info = reprise.run(run.id());

      assertThat(recovered).isEqualTo(RecoveryReport.NONE);
      assertThat(receipt).isEqualTo(new Receipt("o-1", "ch-ada-4200"));
      assertThat(info.steps()).extracting(StepInfo::name).containsExactly("charge", "mail");
      assertThat(payments.keys).containsExactly(run.id() + ":1");
      assertThat(mailer.sent).containsExactly("ada: Paid: ch-ada-4200");
    }
  }
}
