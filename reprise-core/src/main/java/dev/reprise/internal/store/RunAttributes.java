package dev.reprise.internal.store;

import dev.reprise.PublishedValue;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What a run says about itself for the outside: its tags ({@code ctx.tag}) and the values it
 * publishes ({@code ctx.publish}). Each is written together with the journal entry that records it,
 * in one transaction and fenced by the run's epoch as the entry is, so a crash keeps both or
 * neither and a replay, which does not write a recorded entry again, never moves them back.
 */
public interface RunAttributes {

  /** Writes {@code entry} and sets the run's tag {@code name} to {@code value}. */
  CompletableFuture<Void> tag(StepWrite entry, String name, String value);

  /**
   * Writes {@code entry} and keeps {@code json} as the latest value of {@code name}, unless a later
   * entry of the run published that name already.
   */
  CompletableFuture<Void> publish(StepWrite entry, String name, String json);

  /** The run's tags by name; empty for a run without tags (or none at all). */
  Map<String, String> tags(String runId);

  /** The tags of each of these runs that has any, by run id. */
  Map<String, Map<String, String>> tagsOf(Collection<String> runIds);

  /** The latest value the run (of this scope) published under {@code name}. */
  Optional<PublishedValue> published(String runId, String name);
}
