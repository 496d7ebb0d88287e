package com.example.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example over HTTP: an order posted runs to its receipt; another order under a used id is a
 * 409; an unknown run is a 404.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OrdersApplicationTest {
  @Autowired TestRestTemplate http;

  @DynamicPropertySource
  static void store(DynamicPropertyRegistry registry) throws IOException {
    var dir = Files.createTempDirectory("orders");
    registry.add("reprise.sqlite.path", () -> dir.resolve("reprise.db").toString());
    registry.add("reprise.poll-interval", () -> "50ms");
  }

  @Test
  void aPostedOrderRunsToItsReceipt() {
    var order = new Order("o-1", "sku-7", 2, 1999);
    @SuppressWarnings("unchecked")
    Map<String, String> submitted = http.postForObject("/orders", order, Map.class);
    String runId = submitted.get("runId");
    @SuppressWarnings("unchecked")
    Map<String, String> again = http.postForObject("/orders", order, Map.class);
    assertThat(again.get("runId")).as("the order id is the idempotency key").isEqualTo(runId);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                http.getForObject("/orders/" + runId, OrderController.RunView.class)
                    .status()
                    .equals("completed"));
    var run = http.getForObject("/orders/" + runId, OrderController.RunView.class);
    assertThat(run.output()).contains("\"orderId\":\"o-1\"").contains("shipped:" + runId + ":3");
    assertThat(run.steps())
        .containsExactly("reserve: COMPLETED", "charge: COMPLETED", "ship: COMPLETED");
  }

  @Test
  void anotherOrderUnderAUsedIdIsAConflict() {
    http.postForObject("/orders", new Order("o-2", "sku-7", 1, 500), Map.class);

    var other = http.postForEntity("/orders", new Order("o-2", "sku-8", 3, 900), Map.class);

    assertThat(other.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(other.getBody()).containsKey("error");
  }

  @Test
  void anUnknownRunIsNotFound() {
    assertThat(http.getForEntity("/orders/nope", Map.class).getStatusCode())
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void healthShowsReprise() {
    @SuppressWarnings("unchecked")
    Map<String, Object> health = http.getForObject("/actuator/health/reprise", Map.class);
    assertThat(health).containsEntry("status", "UP");
  }
}
