package com.example.orders;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The crash test's outside world, in an SQLite file of its own: every step body that runs is
 * logged, with whether Reprise's journal already held that step as completed (a rerun, which must
 * never happen); each effect is applied once per idempotency key. With {@code hangAfter} set, the
 * bodies after that many never return, so that the process is surely killed with steps in flight.
 */
final class LedgerFulfilment implements Fulfilment {
  private final Connection ledger;
  private final Connection journal;
  private final int hangAfter;
  private final AtomicInteger bodies = new AtomicInteger();

  LedgerFulfilment(Path ledgerFile, Path repriseDb, int hangAfter) throws SQLException {
    this.hangAfter = hangAfter;
    ledger = DriverManager.getConnection("jdbc:sqlite:" + ledgerFile);
    try (Statement s = ledger.createStatement()) {
      s.execute("pragma journal_mode = wal");
      s.execute("pragma busy_timeout = 10000");
      s.execute("create table if not exists effects (key text primary key, what text not null)");
      s.execute(
          "create table if not exists executions (key text not null, what text not null,"
              + " rerun integer not null)");
    }
    journal = DriverManager.getConnection("jdbc:sqlite:" + repriseDb);
    try (Statement s = journal.createStatement()) {
      s.execute("pragma busy_timeout = 10000");
      s.execute("pragma query_only = 1");
    }
  }

  @Override
  public String reserve(Order order, String idempotencyKey) {
    return apply("reserved", idempotencyKey);
  }

  @Override
  public String charge(Order order, String idempotencyKey) {
    return apply("charged", idempotencyKey);
  }

  @Override
  public String ship(Order order, String idempotencyKey) {
    return apply("shipped", idempotencyKey);
  }

  private String apply(String what, String key) {
    try {
      record(what, key);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    if (hangAfter > 0 && bodies.incrementAndGet() > hangAfter) {
      try {
        new CountDownLatch(1).await(); // until the kill
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    return what + ":" + key;
  }

  private synchronized void record(String what, String key) throws SQLException {
    int colon = key.lastIndexOf(':');
    boolean rerun;
    try (PreparedStatement ps =
        journal.prepareStatement("select status from steps where run_id = ? and seq = ?")) {
      ps.setString(1, key.substring(0, colon));
      ps.setInt(2, Integer.parseInt(key.substring(colon + 1)));
      try (ResultSet rs = ps.executeQuery()) {
        rerun = rs.next() && "completed".equals(rs.getString(1));
      }
    }
    ledger.setAutoCommit(false);
    try {
      try (PreparedStatement ps =
          ledger.prepareStatement("insert into executions (key, what, rerun) values (?, ?, ?)")) {
        ps.setString(1, key);
        ps.setString(2, what);
        ps.setInt(3, rerun ? 1 : 0);
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          ledger.prepareStatement("insert or ignore into effects (key, what) values (?, ?)")) {
        ps.setString(1, key);
        ps.setString(2, what);
        ps.executeUpdate();
      }
      ledger.commit();
    } catch (SQLException e) {
      ledger.rollback();
      throw e;
    } finally {
      ledger.setAutoCommit(true);
    }
  }
}
