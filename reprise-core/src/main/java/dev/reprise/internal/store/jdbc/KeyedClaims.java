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
 * The claims of runs with a concurrency key that do not hold it yet: pending ones, and unwinding
 * ones whose failed compensations an operator retried. A run holds its key from this claim until it
 * ends ({@code key_held}, counted while its status is {@link StatusSet#LIVE}); the other claims
 * take only runs without a key or that hold theirs already (a run taken back by recovery, a waiting
 * run that is due).
 *
 * <p>In the claim's transaction: the first waiting runs in claim order are read (a window of a few
 * times the runs asked for, through an index of the waiting runs only, so that a store where no run
 * has a key pays one look at an empty index), and the runs holding their keys counted; when keys
 * with no room take up the whole window (a hot key's backlog), the next window leaves them out, so
 * other keys are not held up behind them. The keys of the runs chosen are locked, so that every
 * other claim of them waits for this one to commit; the runs holding them are counted again, now
 * that nothing can change them; and the runs that still fit are claimed. So a limit holds however
 * many nodes claim at once.
 */
final class KeyedClaims {
  /** The condition the other claims add to their pending runs. */
  static final String UNKEYED_OR_HELD = "(key_name is null or key_held = 1)";

  private static final String HOLDING = " key_held = 1 and status in " + StatusSet.LIVE.sql();
  private static final String KEY = "key_name || '=' || key_value";

  /**
   * The statuses of a run waiting for its key: pending, or unwinding again after an operator
   * retried its failed compensations (it gave its key up when it ended {@code
   * failed_compensation}).
   */
  private static final String WAITING_FOR_KEY =
      StatusSet.sql(java.util.EnumSet.of(RunStatus.PENDING, RunStatus.COMPENSATING));

  private final JdbcContext ctx;

  KeyedClaims(JdbcContext ctx) {
    this.ctx = ctx;
  }

  private record Candidate(String id, String key) {}

  /** Claims up to {@code max} keyed runs of {@code claim}'s scope. */
  List<ClaimedRun> claim(Tx tx, Claim claim, int max) throws SQLException {
    int window = Math.max(4 * max, 256);
    List<Candidate> candidates = candidates(tx, claim, window, List.of(), List.of());
    if (candidates.isEmpty()) {
      return List.of(); // no run waits for a key: one look at an empty index
    }
    Map<String, Integer> room = room(tx, keysOf(candidates));
    List<Candidate> chosen = choose(candidates, room, max);
    if (chosen.size() < max && candidates.size() == window) {
      // the window was taken up by keys with no room (a hot key's backlog): look past them
      List<String> full =
          room.entrySet().stream()
              .filter(e -> e.getValue() <= 0)
              .map(Map.Entry::getKey)
              .sorted()
              .toList();
      List<String> taken = chosen.stream().map(Candidate::id).toList();
      List<Candidate> all = new ArrayList<>(chosen);
      all.addAll(candidates(tx, claim, window, full, taken));
      chosen = choose(all, room(tx, keysOf(all)), max);
    }
    if (chosen.isEmpty()) {
      return List.of();
    }
    List<String> keys = keysOf(chosen);
    ctx.dialect().lockKeys(tx, ctx.scope(), keys);
    // counted again now that no other claim can change them
    chosen = choose(chosen, room(tx, keys), max);
    return chosen.isEmpty()
        ? List.of()
        : take(tx, claim, chosen.stream().map(Candidate::id).toList());
  }

  private static List<String> keysOf(List<Candidate> candidates) {
    return candidates.stream().map(Candidate::key).distinct().sorted().toList();
  }

  /** The candidates, in claim order, that their keys have room for, up to {@code max}. */
  private static List<Candidate> choose(
      List<Candidate> candidates, Map<String, Integer> room, int max) {
    Map<String, Integer> left = new HashMap<>(room);
    List<Candidate> chosen = new ArrayList<>();
    for (Candidate c : candidates) {
      if (chosen.size() == max) {
        break;
      }
      int n = left.getOrDefault(c.key(), 0);
      if (n > 0) {
        chosen.add(c);
        left.put(c.key(), n - 1);
      }
    }
    return chosen;
  }

  /**
   * Up to {@code limit} pending runs waiting for their key, in claim order, but those of the keys
   * in {@code full} and the runs in {@code taken}.
   */
  private List<Candidate> candidates(
      Tx tx, Claim claim, int limit, List<String> full, List<String> taken) throws SQLException {
    Dialect d = ctx.dialect();
    String queueFilter = claim.queue() == null ? "not " + d.memberOf("queue") : "queue = ?";
    PreparedStatement ps =
        tx.prepare(
            "select id, key_name, key_value from runs where namespace = ? and status in "
                + WAITING_FOR_KEY
                + " and owner is null and key_name is not null and key_held = 0 and "
                + d.memberOf("workflow")
                + " and "
                + queueFilter
                + (full.isEmpty() ? "" : " and not " + d.memberOf(KEY))
                + (taken.isEmpty() ? "" : " and not " + d.memberOf("id"))
                + " order by priority desc, created_at, id limit ?");
    int i = 1;
    ps.setString(i++, ctx.scope());
    d.bindNames(tx, ps, i++, claim.workflows());
    if (claim.queue() == null) {
      d.bindNames(tx, ps, i++, claim.otherQueues());
    } else {
      ps.setString(i++, claim.queue());
    }
    if (!full.isEmpty()) {
      d.bindNames(tx, ps, i++, full);
    }
    if (!taken.isEmpty()) {
      d.bindNames(tx, ps, i++, taken);
    }
    ps.setInt(i, limit);
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
    if (keys.isEmpty()) {
      return new HashMap<>();
    }
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
                + " and status in "
                + WAITING_FOR_KEY
                + " and owner is null and key_held = 0 returning "
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
