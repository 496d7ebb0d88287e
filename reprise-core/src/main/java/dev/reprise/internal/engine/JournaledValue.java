package dev.reprise.internal.engine;

import dev.reprise.StepKind;
import dev.reprise.internal.engine.ReplayCursor.Position;
import java.util.function.Supplier;

/** {@code ctx.now()} and {@code ctx.randomUUID()}: a value drawn once and replayed after. */
final class JournaledValue<T> extends JournalCall<T> {
  private final Class<T> type;
  private final Supplier<T> source;

  JournaledValue(StepKind kind, String name, Class<T> type, Supplier<T> source) {
    super(name, kind);
    this.type = type;
    this.source = source;
  }

  @Override
  @SuppressWarnings("unchecked")
  T completed(RunContextImpl ctx, Position at) {
    return (T) Outputs.read(ctx.runId(), at.recorded(), type, ctx.loader());
  }

  @Override
  T run(RunContextImpl ctx, Position at) {
    T value = source.get();
    Slot slot = ctx.slot(at.seq(), name, kind, false);
    ctx.record(slot.completed(Outputs.json(value), type.getName(), 1, ctx.millis()));
    return value;
  }
}
