package dev.reprise.internal.engine;

import dev.reprise.StepKind;
import dev.reprise.internal.engine.ReplayCursor.Position;

/**
 * {@code ctx.tag(name, value)}: the entry (its name the tag's, its output the value) and the tag
 * are written in one transaction; a replay of the entry writes nothing.
 */
final class TagCall extends JournalCall<Void> {
  private final String value;

  TagCall(String name, String value) {
    super(name, StepKind.TAG);
    this.value = value;
  }

  @Override
  Void completed(RunContextImpl ctx, Position at) {
    return null;
  }

  @Override
  Void run(RunContextImpl ctx, Position at) {
    Slot slot = ctx.slot(at.seq(), name, kind, false);
    var entry = slot.completed(Outputs.json(value), String.class.getName(), 1, ctx.millis());
    ctx.join(ctx.engine().store().attributes().tag(entry, name, value));
    return null;
  }
}
