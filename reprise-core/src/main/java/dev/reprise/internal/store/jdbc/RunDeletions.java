package dev.reprise.internal.store.jdbc;

import dev.reprise.RunStatus;
import dev.reprise.internal.store.StatusSet;
import java.sql.PreparedStatement;
import java.util.Set;

/**
 * The one way runs are deleted, for vacuum and retention: ended runs (never one in flight, nor a
 * {@code failed_compensation} run, which waits for an operator) that ended before a cutoff, a batch
 * per transaction, oldest first. Their journal, signals, tags, published values and audit go with
 * them by the foreign keys' cascade. Two nodes deleting at once delete each run once.
 */
final class RunDeletions {
  private RunDeletions() {}

  /**
   * Deletes the runs in {@code statuses} (of {@link StatusSet#VACUUMABLE} only) of {@code workflow}
   * (null for any) that ended before {@code cutoffMillis}; returns how many.
   */
  static int deleteEnded(
      JdbcContext ctx, Set<RunStatus> statuses, String workflow, long cutoffMillis, int batch) {
    for (RunStatus s : statuses) {
      if (!StatusSet.VACUUMABLE.contains(s)) {
        throw new IllegalArgumentException("runs " + s.label() + " are never deleted");
      }
    }
    String sql =
        "delete from runs where id in (select id from runs where namespace = ? and status in "
            + StatusSet.sql(statuses)
            + (workflow == null ? "" : " and workflow = ?")
            + " and ended_at < ? order by ended_at limit ?)";
    int total = 0;
    while (true) {
      int deleted =
          ctx.writer()
              .execute(
                  tx -> {
                    PreparedStatement ps = tx.prepare(sql);
                    int i = 1;
                    ps.setString(i++, ctx.scope());
                    if (workflow != null) {
                      ps.setString(i++, workflow);
                    }
                    ps.setLong(i++, cutoffMillis);
                    ps.setInt(i, batch);
                    return ps.executeUpdate();
                  });
      total += deleted;
      if (deleted < batch) {
        return total;
      }
    }
  }
}
