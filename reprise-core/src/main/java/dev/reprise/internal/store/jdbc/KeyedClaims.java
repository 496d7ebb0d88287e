package dev.reprise.internal.store.jdbc;

import dev.reprise.ConcurrencyKey;
import dev.reprise.RunStatus;
import dev.reprise.internal.store.Claim;
import dev.reprise.internal.store.ClaimedRun;
import dev.reprise.internal.store.RunTransition;
import dev.reprise.internal.store.StatusSet;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The claims of pending runs with a concurrency key that do not hold it yet. A run holds its key
 * from this claim until it ends ({@code key_held}, counted while its status is {@link
 * StatusSet#LIVE}); the other claims take only runs without a key or that hold theirs already (a
 * run taken back by recovery, a waiting run that is due).
 *
 * <p>In the claim's transaction: the runs that fit under their keys' limits are read (each key's
 * oldest first, as many as its limit leaves room for); their keys are locked, so that every other
 * claim of them waits for this one to commit; the runs holding those keys are counted again, now
 * that nothing can change them; and the runs that still fit are claimed. So a limit holds however
 * many nodes claim at once, and a claim reads the waiting runs once, not once per key.
 */
final class KeyedClaims {
  /** The condition the other claims add to their pending runs. */
  static final String UNKEYED_OR_HELD = "(key_name is null or key_held = 1)";

  private static final String HOLDING = " key_held = 1 and status in " + StatusSet.LIVE.sql();
  private static final String KEY = "key_name || '=' || key_value";

  private final JdbcContext ctx;

  KeyedClaims(JdbcContext ctx) {
    this.ctx = ctx;
  }

  private record Candidate(String id, String key) {}

  /** Claims up to {@code max} keyed runs of {@code claim}'s scope. */
  List<ClaimedRun> claim(Tx tx, Claim claim, int max) throws SQLException {
    List<Candidate> candidates = candidates(tx, claim, max);
    if (candidates.isEmpty()) {
      return List.of();
    }
    List<String> keys = candidates.stream().map(Candidate::key).distinct().sorted().toList();
    ctx.dialect().lockKeys(tx, ctx.scope(), keys);
    Map<String, Integer> room = room(tx, keys);
    List<String> chosen = new ArrayList<>();
    for (Candidate c : candidates) {
      int left = room.get(c.key());
      if (left > 0) {
        chosen.add(c.id());
        room.put(c.key(), left - 1);
      }
    }
    return chosen.isEmpty() ? List.of() : take(tx, claim, chosen);
  }

  private List<Candidate> candidates(Tx tx, Claim claim, int max) throws SQLException {
    Dialect d = ctx.dialect();
    String queueFilter = claim.queue() == null ? "not " + d.memberOf("queue") : "queue = ?";
    PreparedStatement ps =
        tx.prepare(
            "select c.id, c.key_name, c.key_value from ("
                + "select id, key_name, key_value, priority, created_at, row_number() over"
                + " (partition by key_name, key_value order by priority desc, created_at, id) rn"
                + " from runs where namespace = ? and status = '"
                + RunStatus.PENDING.label()
                + "' and key_name is not null and key_held = 0 and "
                + d.memberOf("workflow")
                + " and "
                + queueFilter
                + ") c left join (select key_name, key_value, count(*) n from runs"
                + " where namespace = ? and"
                + HOLDING
                + " group by key_name, key_value) h"
                + " on h.key_name = c.key_name and h.key_value = c.key_value"
                + " left join concurrency_limits l on l.namespace = ? and l.name = c.key_name"
                + " where c.rn + coalesce(h.n, 0) <= coalesce(l.max_running, "
                + ConcurrencyKey.DEFAULT_LIMIT
                + ") order by c.priority desc, c.created_at, c.id limit ?");
    int i = 1;
    ps.setString(i++, ctx.scope());
    d.bindNames(tx, ps, i++, claim.workflows());
    if (claim.queue() == null) {
      d.bindNames(tx, ps, i++, claim.otherQueues());
    } else {
      ps.setString(i++, claim.queue());
    }
    ps.setString(i++, ctx.scope());
    ps.setString(i++, ctx.scope());
    ps.setInt(i, max);
    List<Candidate> candidates = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        candidates.add(new Candidate(rs.getString(1), rs.getString(2) + "=" + rs.getString(3)));
      }
    }
    return candidates;
  }

  /** How many more runs each key may start, counted under the keys' locks. */
  private Map<String, Integer> room(Tx tx, List<String> keys) throws SQLException {
    Dialect d = ctx.dialect();
    Map<String, Integer> limits = new HashMap<>();
    PreparedStatement lp =
        tx.prepare("select name, max_running from concurrency_limits where namespace = ?");
    lp.setString(1, ctx.scope());
    try (ResultSet rs = lp.executeQuery()) {
      while (rs.next()) {
        limits.put(rs.getString(1), rs.getInt(2));
      }
    }
    Map<String, Integer> room = new HashMap<>();
    for (String key : keys) {
      String name = key.substring(0, key.indexOf('='));
      room.put(key, limits.getOrDefault(name, ConcurrencyKey.DEFAULT_LIMIT));
    }
    PreparedStatement hp =
        tx.prepare(
            "select "
                + KEY
                + ", count(*) from runs where namespace = ? and"
                + HOLDING
                + " and "
                + d.memberOf(KEY)
                + " group by key_name, key_value");
    hp.setString(1, ctx.scope());
    d.bindNames(tx, hp, 2, keys);
    try (ResultSet rs = hp.executeQuery()) {
      while (rs.next()) {
        room.merge(rs.getString(1), -rs.getInt(2), Integer::sum);
      }
    }
    return room;
  }

  private List<ClaimedRun> take(Tx tx, Claim claim, List<String> ids) throws SQLException {
    Dialect d = ctx.dialect();
    PreparedStatement ps =
        tx.prepare(
            "update runs set status = "
                + RunTransition.CLAIM.toSql()
                + ", key_held = 1, owner = ?, epoch = epoch + 1,"
                + " started_at = coalesce(started_at, ?), updated_at = ?, wake_at = null,"
                + " wait_reason = null, wait_kind = null, wait_on = null, wait_until = null,"
                + " lease_until = "
                + d.nowMillis()
                + " + ? where "
                + d.memberOf("id")
                + " and status = '"
                + RunStatus.PENDING.label()
                + "' and key_held = 0 returning "
                + Rows.CLAIMED_COLUMNS);
    ps.setString(1, claim.owner());
    ps.setLong(2, claim.nowMillis());
    ps.setLong(3, claim.nowMillis());
    ps.setLong(4, claim.leaseMillis());
    d.bindNames(tx, ps, 5, ids);
    List<ClaimedRun> claimed = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        claimed.add(Rows.claimed(rs));
      }
    }
    return claimed;
  }
}
