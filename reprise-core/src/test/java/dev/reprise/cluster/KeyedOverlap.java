package dev.reprise.cluster;

import dev.reprise.RunContext;
import dev.reprise.Workflow;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One step that notes, in a table beside Reprise's, that its run is inside it under its key (the
 * input), counts the runs of the key inside at that moment, works a while and leaves: two runs of a
 * key inside at once are seen by the later one, whichever node runs them.
 */
public final class KeyedOverlap implements Workflow<String, Integer> {
  private final String url;
  private final long stepMillis;

  KeyedOverlap(String url, long stepMillis) {
    this.url = url;
    this.stepMillis = stepMillis;
  }

  public static void create(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("create table keyed_inside (key text not null, run_id text primary key)");
      s.execute(
          "create table keyed_seen (key text not null, run_id text not null, inside int not null)");
    }
  }

  @Override
  public String name() {
    return "keyed-overlap";
  }

  @Override
  public Integer run(RunContext ctx, String key) {
    return ctx.step(
        "inside",
        () -> {
          try (Connection c = DriverManager.getConnection(url)) {
            int inside;
            try (PreparedStatement in =
                c.prepareStatement(
                    "insert into keyed_inside (key, run_id) values (?, ?) on conflict do nothing")) {
              in.setString(1, key);
              in.setString(2, ctx.runId());
              in.executeUpdate();
            }
            try (PreparedStatement count =
                c.prepareStatement("select count(*) from keyed_inside where key = ?")) {
              count.setString(1, key);
              try (ResultSet rs = count.executeQuery()) {
                rs.next();
                inside = rs.getInt(1);
              }
            }
            try (PreparedStatement seen =
                c.prepareStatement(
                    "insert into keyed_seen (key, run_id, inside) values (?, ?, ?)")) {
              seen.setString(1, key);
              seen.setString(2, ctx.runId());
              seen.setInt(3, inside);
              seen.executeUpdate();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(stepMillis));
            try (PreparedStatement out =
                c.prepareStatement("delete from keyed_inside where run_id = ?")) {
              out.setString(1, ctx.runId());
              out.executeUpdate();
            }
            return inside;
          }
        });
  }
}
