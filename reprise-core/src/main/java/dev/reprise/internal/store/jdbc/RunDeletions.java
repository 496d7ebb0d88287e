package dev.reprise.internal.store.jdbc;

import dev.reprise.RunStatus;
import dev.reprise.internal.store.StatusSet;
import java.sql.PreparedStatement;
import java.util.Set;

/**
 * The one way runs are deleted, for vacuum and retention: ended runs (never one in flight, nor a
 * {@code failed_compensation} run, which waits for an operator, nor a child whose parent has not
 * ended) that ended before a cutoff, a batch per transaction, oldest first. Their journal, signals,
 * tags, published values and audit go with them by the foreign keys' cascade. Two nodes deleting at
 * once delete each run once.
 */
final class RunDeletions {
  private static final Set<RunStatus> UNENDED =
      java.util.EnumSet.of(
          RunStatus.PENDING, RunStatus.RUNNING, RunStatus.WAITING, RunStatus.COMPENSATING);

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
    // a child whose parent has not ended is kept: the parent may still await it, and a child
    // deleted under a waiting parent would leave the parent nothing to read
    String sql =
        "delete from runs where id in (select r.id from runs r where r.namespace = ? and r.status in "
            + StatusSet.sql(statuses)
            + (workflow == null ? "" : " and r.workflow = ?")
            + " and r.ended_at < ? and not exists (select 1 from runs p where p.id = r.parent_id"
            + " and p.status in "
            + StatusSet.sql(UNENDED)
            + ") order by r.ended_at limit ?)";
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
