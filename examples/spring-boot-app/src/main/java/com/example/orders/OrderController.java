package com.example.orders;

import dev.reprise.IdempotencyConflictException;
import dev.reprise.RepriseClient;
import dev.reprise.RunInfo;
import dev.reprise.RunNotFoundException;
import dev.reprise.RunOptions;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /orders} starts a run (the order id is its idempotency key: posting the same order
 * twice gives the same run, and another order under a used id is a 409); {@code GET
 * /orders/{runId}} shows it with its steps.
 */
@RestController
public class OrderController {
  private final RepriseClient reprise;
  private final OrderWorkflow workflow;

  public OrderController(RepriseClient reprise, OrderWorkflow workflow) {
    this.reprise = reprise;
    this.workflow = workflow;
  }

  @PostMapping("/orders")
  @ResponseStatus(HttpStatus.ACCEPTED)
  public Map<String, String> submit(@RequestBody Order order) {
    String runId = reprise.submit(workflow, order, RunOptions.idempotencyKey(order.id())).id();
    return Map.of("runId", runId);
  }

  @GetMapping("/orders/{runId}")
  public RunView show(@PathVariable String runId) {
    RunInfo run = reprise.run(runId);
    return new RunView(
        run.id(),
        run.status().label(),
        run.output(),
        run.steps().stream().map(s -> s.name() + ": " + s.status()).toList());
  }

  @ExceptionHandler(RunNotFoundException.class)
  @ResponseStatus(HttpStatus.NOT_FOUND)
  public Map<String, String> notFound(RunNotFoundException e) {
    return Map.of("error", e.getMessage());
  }

  @ExceptionHandler(IdempotencyConflictException.class)
  @ResponseStatus(HttpStatus.CONFLICT)
  public Map<String, String> conflict(IdempotencyConflictException e) {
    return Map.of("error", e.getMessage());
  }

  /** A run as this API shows it; the output is the workflow's JSON. */
  public record RunView(String runId, String status, String output, List<String> steps) {}
}
