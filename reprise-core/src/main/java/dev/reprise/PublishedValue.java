package dev.reprise;

import java.time.Instant;

/**
 * The latest value a run published under a name ({@link RunContext#publish}).
 *
 * @param json the value as JSON
 * @param seq the journal position of the publish that wrote it
 * @param publishedAt when it was published (the engine's clock)
 */
public record PublishedValue(String runId, String name, String json, int seq, Instant publishedAt) {
  /** The longest published value, in characters of JSON (256 Ki). */
  public static final int MAX_JSON_CHARS = 262_144;
}
