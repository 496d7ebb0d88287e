package dev.reprise.internal.store.jdbc;

import dev.reprise.RunFilter;
import dev.reprise.RunInfo;
import dev.reprise.RunStatus;
import dev.reprise.StepInfo;
import dev.reprise.internal.store.RunReads;
import dev.reprise.internal.store.StatusSet;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/** Reads of runs and journals over JDBC; they work on a read-only store. */
final class JdbcReads implements RunReads {
  private final JdbcContext ctx;

  JdbcReads(JdbcContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public List<StepInfo> steps(String runId) {
    return ctx.readers().read(tx -> readSteps(tx, runId));
  }

  private static List<StepInfo> readSteps(Tx tx, String runId) throws SQLException {
    PreparedStatement ps =
        tx.prepare("select " + Rows.STEP_COLUMNS + " from steps where run_id = ? order by seq");
    ps.setString(1, runId);
    List<StepInfo> steps = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        steps.add(Rows.step(rs));
      }
    }
    return steps;
  }

  @Override
  public Optional<RunInfo> run(String runId, boolean withSteps) {
    return ctx.readers()
        .read(
            tx -> {
              PreparedStatement ps =
                  tx.prepare(
                      "select " + Rows.RUN_COLUMNS + " from runs where id = ? and namespace = ?");
              ps.setString(1, runId);
              ps.setString(2, ctx.scope());
              RunInfo run;
              try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                  return Optional.empty();
                }
                run = Rows.run(rs);
              }
              run = run.withTags(JdbcRunAttributes.read(tx, List.of(runId)).get(runId));
              return Optional.of(withSteps ? run.withSteps(readSteps(tx, runId)) : run);
            });
  }

  @Override
  public List<RunInfo> runs(RunFilter filter) {
    StringBuilder sql = new StringBuilder("select " + QUALIFIED_RUN_COLUMNS + " from ");
    List<Object> args = new ArrayList<>();
    boolean first = true;
    for (Map.Entry<String, String> tag : filter.tags().entrySet()) {
      // the first tag drives the search through its index; the others are checked per run
      if (first) {
        sql.append("run_tags t join runs on runs.id = t.run_id where t.name = ? and t.value = ?");
      } else {
        sql.append(
            " and exists (select 1 from run_tags x where x.run_id = runs.id and x.name = ?"
                + " and x.value = ?)");
      }
      args.add(tag.getKey());
      args.add(tag.getValue());
      first = false;
    }
    sql.append(first ? "runs where runs.namespace = ?" : " and runs.namespace = ?");
    args.add(ctx.scope());
    if (!filter.statuses().isEmpty()) {
      StringJoiner in = new StringJoiner(", ", " and runs.status in (", ")");
      for (RunStatus s : filter.statuses()) {
        in.add("?");
        args.add(s.label());
      }
      sql.append(in);
    }
    if (filter.workflow() != null) {
      sql.append(" and runs.workflow = ?");
      args.add(filter.workflow());
    }
    if (filter.since() != null) {
      sql.append(" and runs.created_at >= ?");
      args.add(filter.since().toEpochMilli());
    }
    if (filter.after() != null) {
      long at = filter.after().createdAt().toEpochMilli();
      sql.append(" and (runs.created_at < ? or (runs.created_at = ? and runs.id < ?))");
      args.add(at);
      args.add(at);
      args.add(filter.after().id());
    }
    sql.append(" order by runs.created_at desc, runs.id desc limit ?");
    args.add(filter.limit());
    return ctx.readers()
        .read(
            tx -> {
              try (PreparedStatement ps = tx.connection().prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                  ps.setObject(i + 1, args.get(i));
                }
                List<RunInfo> runs = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    runs.add(Rows.run(rs));
                  }
                }
                return withTags(tx, runs);
              }
            });
  }

  /** The columns of {@link Rows#run}, of the table {@code runs}. */
  private static final String QUALIFIED_RUN_COLUMNS =
      "runs." + Rows.RUN_COLUMNS.replace(", ", ", runs.");

  private static List<RunInfo> withTags(Tx tx, List<RunInfo> runs) throws SQLException {
    Map<String, Map<String, String>> tags =
        JdbcRunAttributes.read(tx, runs.stream().map(RunInfo::id).toList());
    if (tags.isEmpty()) {
      return runs;
    }
    return runs.stream().map(r -> r.withTags(tags.get(r.id()))).toList();
  }

  @Override
  public List<RunInfo> unresolved() {
    return withSteps(
        "select "
            + Rows.RUN_COLUMNS
            + " from runs where namespace = ? and status in "
            + StatusSet.UNRESOLVED.sql()
            + " order by created_at, id",
        null);
  }

  @Override
  public List<RunInfo> recent(int limit) {
    return withSteps(
        "select "
            + Rows.RUN_COLUMNS
            + " from runs where namespace = ?"
            + " order by coalesce(ended_at, started_at, created_at) desc, id desc limit ?",
        limit);
  }

  /** Runs and their steps read in one read transaction, so they agree with each other. */
  private List<RunInfo> withSteps(String sql, Integer limit) {
    return ctx.readers()
        .read(
            tx -> {
              Connection c = tx.connection();
              boolean auto = c.getAutoCommit();
              c.setAutoCommit(false);
              try {
                PreparedStatement ps = tx.prepare(sql);
                ps.setString(1, ctx.scope());
                if (limit != null) {
                  ps.setInt(2, limit);
                }
                List<RunInfo> runs = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    runs.add(Rows.run(rs));
                  }
                }
                List<RunInfo> full = new ArrayList<>(runs.size());
                for (RunInfo run : withTags(tx, runs)) {
                  full.add(run.withSteps(readSteps(tx, run.id())));
                }
                return full;
              } finally {
                c.commit();
                c.setAutoCommit(auto);
              }
            });
  }

  @Override
  public Map<RunStatus, Long> countByStatus() {
    return ctx.readers()
        .read(
            tx -> {
              PreparedStatement ps =
                  tx.prepare(
                      "select status, count(*) as n from runs where namespace = ? group by status");
              ps.setString(1, ctx.scope());
              Map<RunStatus, Long> counts = new EnumMap<>(RunStatus.class);
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  counts.put(RunStatus.fromLabel(rs.getString("status")), rs.getLong("n"));
                }
              }
              return counts;
            });
  }
}
