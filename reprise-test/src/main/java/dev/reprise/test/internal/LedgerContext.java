package dev.reprise.test.internal;

import dev.reprise.Approval;
import dev.reprise.ChildOptions;
import dev.reprise.ChildRun;
import dev.reprise.Compensation;
import dev.reprise.RunContext;
import dev.reprise.StepBody;
import dev.reprise.StepOptions;
import dev.reprise.TypeRef;
import dev.reprise.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A run's context that notes each step body and compensation in a {@link BodyLedger} as it starts,
 * keyed by its idempotency key; everything else goes straight to the engine's context.
 */
final class LedgerContext implements RunContext {
  private final RunContext ctx;
  private final BodyLedger ledger;

  LedgerContext(RunContext ctx, BodyLedger ledger) {
    this.ctx = ctx;
    this.ledger = ledger;
  }

  private <T> StepBody<T> noted(String name, StepBody<T> body) {
    return () -> {
      ledger.started(ctx.idempotencyKey(), BodyLedger.What.BODY, name);
      return body.run();
    };
  }

  private <T> Compensation<T> noted(String name, Compensation<T> compensation) {
    return output -> {
      ledger.started(ctx.idempotencyKey(), BodyLedger.What.UNDO, name);
      compensation.compensate(output);
    };
  }

  @Override
  public String runId() {
    return ctx.runId();
  }

  @Override
  public String workflow() {
    return ctx.workflow();
  }

  @Override
  public <T> T step(String name, StepBody<T> body) {
    return ctx.step(name, noted(name, body));
  }

  @Override
  public <T> T step(String name, StepOptions options, StepBody<T> body) {
    return ctx.step(name, options, noted(name, body));
  }

  @Override
  public <T> T step(String name, StepBody<T> body, Compensation<T> compensation) {
    return ctx.step(name, noted(name, body), noted(name, compensation));
  }

  @Override
  public <T> T step(
      String name, StepOptions options, StepBody<T> body, Compensation<T> compensation) {
    return ctx.step(name, options, noted(name, body), noted(name, compensation));
  }

  @Override
  public <T> T step(String name, TypeRef<T> type, StepBody<T> body) {
    return ctx.step(name, type, noted(name, body));
  }

  @Override
  public <T> T step(String name, StepOptions options, TypeRef<T> type, StepBody<T> body) {
    return ctx.step(name, options, type, noted(name, body));
  }

  @Override
  public String idempotencyKey() {
    return ctx.idempotencyKey();
  }

  @Override
  public void sleep(Duration duration) {
    ctx.sleep(duration);
  }

  @Override
  public void sleepUntil(Instant wakeAt) {
    ctx.sleepUntil(wakeAt);
  }

  @Override
  public <T> Optional<T> awaitSignal(String name, Class<T> type, Duration timeout) {
    return ctx.awaitSignal(name, type, timeout);
  }

  @Override
  public <T> Optional<T> awaitSignal(String name, TypeRef<T> type, Duration timeout) {
    return ctx.awaitSignal(name, type, timeout);
  }

  @Override
  public Approval awaitApproval(String name, Duration timeout) {
    return ctx.awaitApproval(name, timeout);
  }

  @Override
  public <I, O> ChildRun<O> startChild(Workflow<I, O> workflow, I input, ChildOptions options) {
    return ctx.startChild(workflow, input, options);
  }

  @Override
  public <O> O awaitChild(ChildRun<O> child) {
    return ctx.awaitChild(child);
  }

  @Override
  public boolean isCancelled() {
    return ctx.isCancelled();
  }

  @Override
  public Instant now() {
    return ctx.now();
  }

  @Override
  public UUID randomUUID() {
    return ctx.randomUUID();
  }

  @Override
  public boolean patched(String changeId) {
    return ctx.patched(changeId);
  }

  @Override
  public void tag(String name, String value) {
    ctx.tag(name, value);
  }

  @Override
  public void publish(String name, Object value) {
    ctx.publish(name, value);
  }
}
