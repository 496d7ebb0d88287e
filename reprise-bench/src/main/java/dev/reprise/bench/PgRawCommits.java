package dev.reprise.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The physical reference on PostgreSQL: one connection, auto-commit, one small insert per commit
 * (the server's {@code synchronous_commit}, {@code on} by default, makes each commit wait for its
 * WAL flush). Each repetition gets a fresh schema, dropped after it.
 */
final class PgRawCommits implements Workload {
  private final Pg pg;

  PgRawCommits(Pg pg) {
    this.pg = pg;
  }

  @Override
  public String name() {
    return "raw-commits";
  }

  @Override
  public String system() {
    return "postgresql";
  }

  @Override
  public String unit() {
    return "commits/s";
  }

  @Override
  public Session open(Path database) throws SQLException {
    String schema = pg.freshSchema(Pg.schemaFor(database));
    Connection c = pg.connect();
    try {
      try (Statement s = c.createStatement()) {
        s.execute(
            "create table "
                + schema
                + ".commits (id bigserial primary key, at bigint not null, payload text not null)");
      }
      PreparedStatement insert =
          c.prepareStatement("insert into " + schema + ".commits (at, payload) values (?, ?)");
      return new Session() {
        private long commits;

        @Override
        public long work(long sliceNanos) throws SQLException {
          long end = System.nanoTime() + sliceNanos;
          long done = 0;
          do {
            insert.setLong(1, System.currentTimeMillis());
            insert.setString(2, "{\"n\":" + commits++ + "}");
            insert.executeUpdate();
            done++;
          } while (System.nanoTime() < end);
          return done;
        }

        @Override
        public void close() throws SQLException {
          try {
            insert.close();
            c.close();
          } finally {
            pg.dropSchema(schema);
          }
        }
      };
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }
}
