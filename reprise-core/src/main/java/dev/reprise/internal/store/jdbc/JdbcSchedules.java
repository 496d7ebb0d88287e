package dev.reprise.internal.store.jdbc;

import dev.reprise.MisfirePolicy;
import dev.reprise.Schedule;
import dev.reprise.internal.store.NewRun;
import dev.reprise.internal.store.ScheduleRows;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Schedules over JDBC. */
final class JdbcSchedules implements ScheduleRows {
  private static final String COLUMNS =
      "name, cron, zone, workflow, input, misfire, paused, next_fire_at, last_fire_at";

  private final JdbcContext ctx;
  private final RunInserts inserts;

  JdbcSchedules(JdbcContext ctx, RunInserts inserts) {
    this.ctx = ctx;
    this.inserts = inserts;
  }

  @Override
  public boolean create(Schedule s, long now) {
    return ctx.writer()
        .execute(
            tx -> {
              PreparedStatement ps =
                  tx.prepare(
                      "insert into schedules (namespace, name, cron, zone, workflow, input, misfire,"
                          + " paused, next_fire_at, created_at) values (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)"
                          + " on conflict do nothing");
              ps.setString(1, ctx.scope());
              ps.setString(2, s.name());
              ps.setString(3, s.cron());
              ps.setString(4, s.zone());
              ps.setString(5, s.workflow());
              ps.setString(6, s.input());
              ps.setString(7, s.misfire().name().toLowerCase(Locale.ROOT));
              ps.setLong(8, s.nextFireAt().toEpochMilli());
              ps.setLong(9, now);
              return ps.executeUpdate() == 1;
            });
  }

  @Override
  public List<Schedule> list() {
    return query("select " + COLUMNS + " from schedules where namespace = ? order by name", null);
  }

  @Override
  public Optional<Schedule> get(String name) {
    return query("select " + COLUMNS + " from schedules where namespace = ? and name = ?", name)
        .stream()
        .findFirst();
  }

  @Override
  public List<Schedule> due(long now) {
    return ctx.readers()
        .read(
            tx -> {
              PreparedStatement ps =
                  tx.prepare(
                      "select "
                          + COLUMNS
                          + " from schedules where namespace = ? and paused = 0"
                          + " and next_fire_at <= ? order by next_fire_at");
              ps.setString(1, ctx.scope());
              ps.setLong(2, now);
              return rows(ps);
            });
  }

  @Override
  public boolean setPaused(String name, boolean paused, Long nextFireAt) {
    return ctx.writer()
        .execute(
            tx -> {
              PreparedStatement ps =
                  tx.prepare(
                      "update schedules set paused = ?, next_fire_at = ? where namespace = ? and name = ?");
              ps.setInt(1, paused ? 1 : 0);
              Sql.setLong(ps, 2, nextFireAt);
              ps.setString(3, ctx.scope());
              ps.setString(4, name);
              return ps.executeUpdate() == 1;
            });
  }

  @Override
  public boolean delete(String name) {
    return ctx.writer()
        .execute(
            tx -> {
              PreparedStatement ps =
                  tx.prepare("delete from schedules where namespace = ? and name = ?");
              ps.setString(1, ctx.scope());
              ps.setString(2, name);
              return ps.executeUpdate() == 1;
            });
  }

  @Override
  public boolean fire(String name, long expectedNext, long next, NewRun run, long fireTime) {
    return ctx.writer()
        .execute(
            tx -> {
              PreparedStatement move =
                  tx.prepare(
                      "update schedules set next_fire_at = ?,"
                          + " last_fire_at = case when ? then ? else last_fire_at end"
                          + " where namespace = ? and name = ? and paused = 0 and next_fire_at = ?");
              move.setLong(1, next);
              move.setBoolean(2, run != null);
              move.setLong(3, fireTime);
              move.setString(4, ctx.scope());
              move.setString(5, name);
              move.setLong(6, expectedNext);
              if (move.executeUpdate() != 1) {
                return false;
              }
              if (run != null) {
                inserts.insert(tx, run);
              }
              return true;
            });
  }

  @Override
  public Long nextFireAt() {
    return ctx.readers()
        .read(
            tx ->
                Sql.singleLong(
                    tx,
                    "select min(next_fire_at) from schedules where namespace = ? and paused = 0",
                    ctx.scope()));
  }

  private List<Schedule> query(String sql, String name) {
    return ctx.readers()
        .read(
            tx -> {
              PreparedStatement ps = tx.prepare(sql);
              ps.setString(1, ctx.scope());
              if (name != null) {
                ps.setString(2, name);
              }
              return rows(ps);
            });
  }

  private static List<Schedule> rows(PreparedStatement ps) throws SQLException {
    List<Schedule> found = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        found.add(
            new Schedule(
                rs.getString("name"),
                rs.getString("cron"),
                rs.getString("zone"),
                rs.getString("workflow"),
                rs.getString("input"),
                MisfirePolicy.valueOf(rs.getString("misfire").toUpperCase(Locale.ROOT)),
                rs.getInt("paused") != 0,
                Sql.instant(rs, "next_fire_at"),
                Sql.instant(rs, "last_fire_at")));
      }
    }
    return found;
  }
}
