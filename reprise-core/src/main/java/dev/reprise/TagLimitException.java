package dev.reprise;

/**
 * A run was tagged with a new name while it held {@value Tags#MAX_PER_RUN} tags already; nothing
 * was written. {@link #field()} is {@code tags}.
 */
public final class TagLimitException extends RunException {
  public TagLimitException(String runId, String name, int held) {
    super(
        runId,
        "tags: run "
            + runId
            + " holds "
            + held
            + " tags, at most "
            + Tags.MAX_PER_RUN
            + "; tag '"
            + name
            + "' was not set",
        null);
  }

  /** The field at fault. */
  public String field() {
    return "tags";
  }
}
