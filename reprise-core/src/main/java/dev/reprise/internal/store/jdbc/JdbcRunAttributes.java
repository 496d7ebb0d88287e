package dev.reprise.internal.store.jdbc;

import dev.reprise.PublishedValue;
import dev.reprise.internal.store.RunAttributes;
import dev.reprise.internal.store.StepWrite;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/** Tags and published values over JDBC, written with their journal entries. */
final class JdbcRunAttributes implements RunAttributes {
  private static final int IDS_PER_READ = 500;

  private static final String UPSERT_TAG =
      "insert into run_tags (run_id, name, value) values (?, ?, ?)"
          + " on conflict (run_id, name) do update set value = excluded.value";

  // the seq guard: a value never goes back to one an earlier entry published
  private static final String UPSERT_PUBLISHED =
      "insert into run_published (run_id, name, value, seq, published_at) values (?, ?, ?, ?, ?)"
          + " on conflict (run_id, name) do update set value = excluded.value,"
          + " seq = excluded.seq, published_at = excluded.published_at"
          + " where run_published.seq < excluded.seq";

  private final JdbcContext ctx;
  private final JdbcJournal journal;

  JdbcRunAttributes(JdbcContext ctx, JdbcJournal journal) {
    this.ctx = ctx;
    this.journal = journal;
  }

  @Override
  public CompletableFuture<Void> tag(StepWrite entry, String name, String value) {
    return ctx.writer()
        .submit(
            journal.entryWith(
                entry,
                tx -> {
                  PreparedStatement ps = tx.prepare(UPSERT_TAG);
                  ps.setString(1, entry.runId());
                  ps.setString(2, name);
                  ps.setString(3, value);
                  return ps.executeUpdate();
                }),
            true);
  }

  @Override
  public CompletableFuture<Void> publish(StepWrite entry, String name, String json) {
    long at = entry.endedAt() != null ? entry.endedAt() : entry.startedAt();
    return ctx.writer()
        .submit(
            journal.entryWith(
                entry,
                tx -> {
                  PreparedStatement ps = tx.prepare(UPSERT_PUBLISHED);
                  ps.setString(1, entry.runId());
                  ps.setString(2, name);
                  ps.setString(3, json);
                  ps.setInt(4, entry.seq());
                  ps.setLong(5, at);
                  return ps.executeUpdate();
                }),
            true);
  }

  @Override
  public Map<String, String> tags(String runId) {
    return tagsOf(List.of(runId)).getOrDefault(runId, Map.of());
  }

  @Override
  public Map<String, Map<String, String>> tagsOf(Collection<String> runIds) {
    if (runIds.isEmpty()) {
      return Map.of();
    }
    return ctx.readers().read(tx -> read(tx, runIds));
  }

  /** The tags of these runs, read on {@code tx} (within a read of the runs, so they agree). */
  static Map<String, Map<String, String>> read(Tx tx, Collection<String> runIds)
      throws SQLException {
    Map<String, Map<String, String>> tags = new HashMap<>();
    List<String> ids = new ArrayList<>(runIds);
    for (int from = 0; from < ids.size(); from += IDS_PER_READ) {
      List<String> part = ids.subList(from, Math.min(ids.size(), from + IDS_PER_READ));
      String in = String.join(", ", java.util.Collections.nCopies(part.size(), "?"));
      try (PreparedStatement ps =
          tx.connection()
              .prepareStatement(
                  "select run_id, name, value from run_tags where run_id in (" + in + ")")) {
        for (int i = 0; i < part.size(); i++) {
          ps.setString(i + 1, part.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            tags.computeIfAbsent(rs.getString("run_id"), k -> new TreeMap<>())
                .put(rs.getString("name"), rs.getString("value"));
          }
        }
      }
    }
    return tags;
  }

  @Override
  public Optional<PublishedValue> published(String runId, String name) {
    return ctx.readers()
        .read(
            tx -> {
              PreparedStatement ps =
                  tx.prepare(
                      "select p.value, p.seq, p.published_at from run_published p"
                          + " join runs r on r.id = p.run_id"
                          + " where p.run_id = ? and p.name = ? and r.namespace = ?");
              ps.setString(1, runId);
              ps.setString(2, name);
              ps.setString(3, ctx.scope());
              try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                  return Optional.empty();
                }
                return Optional.of(
                    new PublishedValue(
                        runId,
                        name,
                        rs.getString("value"),
                        rs.getInt("seq"),
                        Sql.instant(rs, "published_at")));
              }
            });
  }
}
