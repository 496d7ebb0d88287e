package dev.reprise;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Which runs {@link RepriseClient#runs} lists, newest first (by creation time, then id).
 *
 * <pre>{@code
 * List<RunInfo> page = client.runs(RunFilter.all().withStatus(RunStatus.FAILED).withLimit(50));
 * List<RunInfo> next = client.runs(filter.withAfter(RunFilter.Cursor.of(page.getLast())));
 * }</pre>
 *
 * @param statuses only runs in one of these statuses; empty for all
 * @param workflow only runs of this workflow, or null for all
 * @param limit at most this many runs, 1 to 10,000
 * @param since only runs created at or after this time, or null for all
 * @param after only runs that come after this position in the listing (the next page), or null to
 *     start from the newest
 * @param tags only runs tagged with every one of these names and values (an AND); empty for all
 */
public record RunFilter(
    Set<RunStatus> statuses,
    String workflow,
    int limit,
    Instant since,
    Cursor after,
    Map<String, String> tags) {

  public RunFilter {
    statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
    tags = Tags.requireTags("tag", tags);
    if (limit < 1 || limit > 10_000) {
      throw new InvalidConfigurationException("limit", "must be between 1 and 10000, was " + limit);
    }
  }

  public RunFilter(Set<RunStatus> statuses, String workflow, int limit) {
    this(statuses, workflow, limit, null, null, Map.of());
  }

  public RunFilter(
      Set<RunStatus> statuses, String workflow, int limit, Instant since, Cursor after) {
    this(statuses, workflow, limit, since, after, Map.of());
  }

  /**
   * A position in a listing: the creation time and id of the last run of a page. The next page
   * holds the runs created before it (or at the same time with a smaller id).
   */
  public record Cursor(Instant createdAt, String id) {
    public Cursor {
      if (createdAt == null) {
        throw new InvalidConfigurationException("cursor", "createdAt must not be null");
      }
      if (id == null || id.isEmpty()) {
        throw new InvalidConfigurationException("cursor", "id must not be empty");
      }
    }

    /** The position just after this run. */
    public static Cursor of(RunInfo run) {
      return new Cursor(run.createdAt(), run.id());
    }
  }

  public static RunFilter all() {
    return new RunFilter(Set.of(), null, 100);
  }

  public RunFilter withStatus(RunStatus... statuses) {
    return new RunFilter(Set.of(statuses), workflow, limit, since, after, tags);
  }

  public RunFilter withStatuses(Set<RunStatus> statuses) {
    return new RunFilter(statuses, workflow, limit, since, after, tags);
  }

  public RunFilter withWorkflow(String workflow) {
    return new RunFilter(statuses, workflow, limit, since, after, tags);
  }

  public RunFilter withLimit(int limit) {
    return new RunFilter(statuses, workflow, limit, since, after, tags);
  }

  /** Only runs created at or after {@code since}. */
  public RunFilter withSince(Instant since) {
    return new RunFilter(statuses, workflow, limit, since, after, tags);
  }

  /** The page after {@code cursor}. */
  public RunFilter withAfter(Cursor after) {
    return new RunFilter(statuses, workflow, limit, since, after, tags);
  }

  /**
   * Only runs tagged {@code name = value}, besides the tags asked for before (runs must have them
   * all). Read through an index on the tags, so a search by a tag stays fast however many runs the
   * store holds.
   */
  public RunFilter withTag(String name, String value) {
    Map<String, String> more = new java.util.TreeMap<>(tags);
    String before = more.put(Tags.requireName("tag", name), value);
    if (before != null && !before.equals(value)) {
      // a run has one value per name: both would match no run, and silently keeping one would
      // answer another question than the one asked
      throw new InvalidConfigurationException(
          "tag",
          "asks for two values of '"
              + name
              + "' ('"
              + before
              + "' and '"
              + value
              + "'), which no run has at once (a run holds one value per tag name)");
    }
    return new RunFilter(statuses, workflow, limit, since, after, more);
  }
}
