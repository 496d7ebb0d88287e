package dev.reprise.internal.engine;

import dev.reprise.StepKind;
import dev.reprise.internal.engine.ReplayCursor.Position;

/**
 * {@code ctx.publish(name, value)}: the entry (its output the value) and the published value are
 * written in one transaction; a replay of the entry writes nothing, so the value published by a
 * later entry stays.
 */
final class PublishCall extends JournalCall<Void> {
  private final String json;
  private final String type;

  PublishCall(String name, String json, String type) {
    super(name, StepKind.PUBLISH);
    this.json = json;
    this.type = type;
  }

  @Override
  Void completed(RunContextImpl ctx, Position at) {
    return null;
  }

  @Override
  Void run(RunContextImpl ctx, Position at) {
    Slot slot = ctx.slot(at.seq(), name, kind, false);
    var entry = slot.completed(json, type, 1, ctx.millis());
    ctx.join(ctx.engine().store().attributes().publish(entry, name, json));
    return null;
  }
}
