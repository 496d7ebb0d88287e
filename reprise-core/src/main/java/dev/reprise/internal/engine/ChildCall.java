package dev.reprise.internal.engine;

import dev.reprise.ChildRun;
import dev.reprise.RunInfo;
import dev.reprise.RunStatus;
import dev.reprise.StepFailedException;
import dev.reprise.StepInfo;
import dev.reprise.StepKind;
import dev.reprise.StepStatus;
import dev.reprise.Wait;
import dev.reprise.internal.engine.ReplayCursor.Position;
import dev.reprise.internal.store.NewRun;
import dev.reprise.internal.store.StepWrite;
import java.lang.reflect.Type;

/**
 * {@code ctx.startChild} and {@code ctx.awaitChild}: one journal entry per child. Starting inserts
 * the child (id {@code parentId:seq}) with the entry, in one transaction; a replay finds the entry
 * and returns the same child. Awaiting parks the parent until the child ends (the child's end wakes
 * it), then completes the entry with the child's output, or fails it with the child's failure.
 */
final class ChildCall<O> extends JournalCall<ChildRun<O>> {
  private final String inputJson;
  private final Type outputType;
  private final boolean detached;

  ChildCall(String workflow, String inputJson, Type outputType, boolean detached) {
    super(workflow, StepKind.CHILD);
    this.inputJson = inputJson;
    this.outputType = outputType;
    this.detached = detached;
  }

  private ChildRun<O> child(RunContextImpl ctx, int seq) {
    return new ChildRun<>(ctx.runId() + ":" + seq, seq, outputType);
  }

  @Override
  ChildRun<O> completed(RunContextImpl ctx, Position at) {
    return child(ctx, at.seq());
  }

  /** The child started and failed: awaiting it says so; starting it again does not. */
  @Override
  ChildRun<O> failed(RunContextImpl ctx, Position at) {
    return child(ctx, at.seq());
  }

  @Override
  ChildRun<O> run(RunContextImpl ctx, Position at) {
    ChildRun<O> child = child(ctx, at.seq());
    if (at.recorded() != null) {
      return child; // started before; the entry completes when it is awaited
    }
    Slot slot = ctx.slot(at.seq(), name, kind, false);
    ctx.join(
        ctx.engine()
            .store()
            .journal()
            .startChild(
                slot.started(Outputs.json(child.id()), String.class.getName()),
                NewRun.child(
                    child.id(), name, inputJson, ctx.millis(), ctx.runId(), at.seq(), detached))
            .thenApply(created -> null));
    ctx.engine().wake();
    return child;
  }

  /** Waits for a child this run started; see the class comment. */
  @SuppressWarnings("unchecked")
  static <O> O await(RunContextImpl ctx, ChildRun<O> child) {
    StepInfo recorded = ctx.cursor().entry(child.seq());
    if (recorded != null && recorded.status() == StepStatus.COMPLETED) {
      return (O) Outputs.read(ctx.runId(), recorded, child.outputType(), ctx.loader());
    }
    if (recorded != null && recorded.status() == StepStatus.FAILED) {
      throw new StepFailedException(
          ctx.runId(),
          child.seq(),
          recorded.name(),
          recorded.errorType(),
          recorded.errorMessage(),
          null);
    }
    ctx.checkCancelled();
    RunInfo ended = ctx.engine().store().reads().run(child.id(), false).orElse(null);
    if (ended == null) {
      // the child was written with the entry that started it: it is gone, deleted (by vacuum or
      // retention) while this run had ended and not read it, before an operator took this run up
      String message =
          "child run "
              + child.id()
              + " no longer exists (deleted by vacuum or retention after it ended); its output"
              + " cannot be read";
      String name = recorded == null ? "child" : recorded.name();
      Slot slot = ctx.slot(child.seq(), name, StepKind.CHILD, false);
      StepWrite failed = slot.failed("child_deleted", message, 1, ctx.millis());
      ctx.record(failed);
      ctx.cursor().remember(child.seq(), failed.asInfo());
      throw new StepFailedException(ctx.runId(), child.seq(), name, "child_deleted", message, null);
    }
    if (!ended.status().isTerminal()) {
      throw ctx.park(new Wait.Child(child.id()), Long.MAX_VALUE);
    }
    Slot slot = ctx.slot(child.seq(), ended.workflow(), StepKind.CHILD, false);
    if (ended.status() != RunStatus.COMPLETED) {
      String type = ended.errorType() == null ? ended.status().label() : ended.errorType();
      String message =
          "child run "
              + child.id()
              + " ended "
              + ended.status().label()
              + ": "
              + ended.errorMessage();
      StepWrite failed = slot.failed(type, message, 1, ctx.millis());
      ctx.record(failed);
      ctx.cursor().remember(child.seq(), failed.asInfo());
      throw new StepFailedException(
          ctx.runId(), child.seq(), ended.workflow(), type, message, null);
    }
    StepWrite completed =
        slot.completed(ended.output(), Outputs.typeNameOf(child.outputType()), 1, ctx.millis());
    ctx.record(completed);
    ctx.cursor().remember(child.seq(), completed.asInfo());
    return (O) Outputs.read(ctx.runId(), completed.asInfo(), child.outputType(), ctx.loader());
  }
}
