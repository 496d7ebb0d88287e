package dev.reprise.internal.store.jdbc;

import java.util.List;

/**
 * The schema shared by every dialect; types are written so that SQLite and PostgreSQL accept them.
 */
final class Schema {
  private Schema() {}

  static final String SCHEMA_TABLE = "reprise_schema";

  static final Migration V1 =
      new Migration(
          1,
          "runs and their journal",
          List.of(
              """
              create table runs (
                id text primary key,
                namespace text not null,
                workflow text not null,
                status text not null,
                input text,
                output text,
                error_type text,
                error_message text,
                idempotency_key text,
                owner text,
                epoch bigint not null default 0,
                recoveries integer not null default 0,
                created_at bigint not null,
                started_at bigint,
                updated_at bigint not null,
                ended_at bigint
              )""",
              "create unique index runs_idempotency on runs (namespace, idempotency_key) where idempotency_key is not null",
              "create index runs_status on runs (namespace, status, created_at)",
              "create index runs_created on runs (namespace, created_at)",
              """
              create table steps (
                run_id text not null references runs (id) on delete cascade,
                seq integer not null,
                name text not null,
                kind text not null,
                status text not null,
                at_most_once integer not null default 0,
                output text,
                output_type text,
                error_type text,
                error_message text,
                attempts integer not null default 0,
                epoch bigint not null default 0,
                started_at bigint,
                ended_at bigint,
                primary key (run_id, seq)
              ) %CLUSTERED%"""));

  /**
   * The migrations, with the table option that stores steps clustered by their key where the
   * database has one (SQLite's {@code without rowid}): a run's journal then sits together, and with
   * time-ordered run ids the steps of the runs in flight share a few pages, so a group commit
   * writes few pages.
   */
  static final Migration V2 =
      new Migration(
          2,
          "sagas: compensation, failure reasons, resolution, cancellation; operator views",
          List.of(
              "alter table runs add column failure_reason text",
              "alter table runs add column compensated integer not null default 0",
              "alter table runs add column resolution text",
              "alter table runs add column cancel_reason text",
              "create index runs_ended on runs (namespace, ended_at)",
              "create index runs_recent on runs (namespace, (coalesce(ended_at, started_at, created_at)))"));

  static final Migration V3 =
      new Migration(
          3,
          "durable timers: waiting runs and when they wake",
          List.of(
              "alter table runs add column wake_at bigint",
              "alter table runs add column wait_reason text",
              "create index runs_waiting on runs (namespace, wake_at) where status = 'waiting'"));

  static final Migration V4 =
      new Migration(
          4,
          "signals, kept until a run consumes them",
          List.of(
              """
              create table signals (
                id text primary key,
                run_id text not null references runs (id) on delete cascade,
                seq integer not null,
                name text not null,
                payload text,
                sent_at bigint not null,
                consumed_seq integer
              )""",
              "create unique index signals_order on signals (run_id, seq)"));

  static final Migration V5 =
      new Migration(
          5,
          "child runs",
          List.of(
              "alter table runs add column parent_id text",
              "alter table runs add column parent_seq integer",
              "create index runs_parent on runs (parent_id)"));

  static final Migration V6 =
      new Migration(
          6,
          "cron schedules",
          List.of(
              """
              create table schedules (
                namespace text not null,
                name text not null,
                cron text not null,
                zone text not null,
                workflow text not null,
                input text,
                misfire text not null,
                paused integer not null default 0,
                next_fire_at bigint,
                last_fire_at bigint,
                created_at bigint not null,
                primary key (namespace, name)
              )""",
              "create index schedules_due on schedules (namespace, next_fire_at) where paused = 0"));

  static final Migration V7 =
      new Migration(7, "run deadlines", List.of("alter table runs add column deadline_at bigint"));

  /**
   * Several nodes on one database: leases (the owner's claim expires at {@code lease_until}, on the
   * database's clock), queues with priorities, the nodes and their heartbeats, and each workflow's
   * recovery policy as the nodes that register it declare it.
   */
  static final Migration V8 =
      new Migration(
          8,
          "nodes, leases, queues, recovery policies",
          List.of(
              "alter table runs add column queue text not null default 'default'",
              "alter table runs add column priority integer not null default 0",
              "alter table runs add column lease_until bigint",
              "create index runs_pending on runs (namespace, priority desc, created_at) where status = 'pending'",
              "create index runs_queued on runs (namespace, queue, status)",
              "create index runs_leases on runs (lease_until) where status in ('running', 'compensating')",
              """
              create table nodes (
                id text primary key,
                namespace text not null,
                env text not null,
                host text not null,
                pid bigint not null,
                started_at bigint not null,
                heartbeat_at bigint not null,
                stopped_at bigint
              )""",
              """
              create table definitions (
                namespace text not null,
                workflow text not null,
                recovery_policy text not null,
                updated_by text not null,
                updated_at bigint not null,
                primary key (namespace, workflow)
              )"""));

  /**
   * Concurrency keys: a run's key, whether it holds it (from its first claim until it ends), and
   * the limits of each key name. Runs waiting for their key are found by the first index, the runs
   * holding a key counted by the second.
   */
  static final Migration V16 =
      new Migration(
          16,
          "concurrency keys and their limits",
          List.of(
              "alter table runs add column key_name text",
              "alter table runs add column key_value text",
              "alter table runs add column key_held integer not null default 0",
              "create index runs_key_waiting on runs (namespace, priority, created_at, id)"
                  + " where key_name is not null and key_held = 0"
                  + " and status in ('pending', 'compensating')",
              "create index runs_key_held on runs (namespace, key_name, key_value, status)"
                  + " where key_held = 1",
              """
              create table concurrency_limits (
                namespace text not null,
                name text not null,
                max_running integer not null,
                updated_at bigint not null,
                primary key (namespace, name)
              )"""));

  /**
   * What a waiting run waits for, in typed columns instead of a string to parse: {@code wait_kind}
   * (sleep, signal, child), {@code wait_on} (a signal's name, a child's id) and {@code wait_until}.
   * Runs already waiting get theirs from the reason they were parked with.
   */
  static final Migration V9 =
      new Migration(
          9,
          "typed waits",
          List.of(
              "alter table runs add column wait_kind text",
              "alter table runs add column wait_on text",
              "alter table runs add column wait_until bigint",
              "update runs set wait_kind = 'signal', wait_on = substr(wait_reason, 8),"
                  + " wait_until = wake_at where status = 'waiting' and wait_reason like 'signal:%'",
              "update runs set wait_kind = 'child', wait_on = substr(wait_reason, 7)"
                  + " where status = 'waiting' and wait_reason like 'child:%'",
              "update runs set wait_kind = 'sleep', wait_until = wake_at"
                  + " where status = 'waiting' and wait_reason like 'sleep until %'"));

  /**
   * Crash loops and detached children: {@code crash_streak} counts the recoveries in a row that
   * found no new completed entry ({@code crash_mark} is how many the run had at the last one);
   * {@code detached} marks a child that its parent's cancellation or failure does not reach.
   */
  static final Migration V10 =
      new Migration(
          10,
          "crash streaks, detached children",
          List.of(
              "alter table runs add column crash_streak integer not null default 0",
              "alter table runs add column crash_mark integer not null default 0",
              "alter table runs add column detached integer not null default 0"));

  /**
   * What operators did, by run or by schedule. A run's entries go with the run when vacuum deletes
   * it; a schedule's stay after the schedule is deleted.
   */
  static final Migration V11 =
      new Migration(
          11,
          "audit of operator actions",
          List.of(
              """
              create table audit (
                id text primary key,
                namespace text not null,
                action text not null,
                run_id text references runs (id) on delete cascade,
                schedule text,
                actor text not null,
                reason text,
                detail text,
                at bigint not null
              )""",
              "create index audit_run on audit (run_id)",
              "create index audit_schedule on audit (namespace, schedule)"));

  /**
   * A run forked from ({@code superseded_by} names the fork) goes on only as that fork: it cannot
   * be resumed in place, nor forked again from another position, which would repeat the fork's
   * steps.
   */
  static final Migration V12 =
      new Migration(
          12, "forked runs superseded", List.of("alter table runs add column superseded_by text"));

  /**
   * A step that completed with a compensation says so, so that an unwinding by code that has none
   * for it (a deploy dropped it) names the step as not undone instead of skipping it.
   */
  static final Migration V13 =
      new Migration(
          13,
          "compensable steps",
          List.of("alter table steps add column compensable integer not null default 0"));

  /**
   * Each node holds a session-level advisory lock on {@code lock_key} for as long as its process
   * lives (a new key for each lock it takes), so that other nodes see at once that it ended; they
   * take its runs over once they have seen the lock free for {@code lock_grace_ms}.
   */
  static final Migration V14 =
      new Migration(
          14,
          "node session locks",
          List.of(
              "alter table nodes add column lock_key bigint",
              "alter table nodes add column lock_grace_ms bigint"));

  /**
   * Flow control and visibility. A run's tags, each name once, found by name and value through
   * their own index (a search drives from it, whatever the number of runs); the latest value a run
   * published under each name; and the retention policies, by workflow, in the database so that
   * every node applies the same. Tags and published values go with their run (vacuum, retention).
   */
  static final Migration V15 =
      new Migration(
          15,
          "run tags, published values, retention policies",
          List.of(
              """
              create table run_tags (
                run_id text not null references runs (id) on delete cascade,
                name text not null,
                value text not null,
                primary key (run_id, name)
              ) %CLUSTERED%""",
              "create index run_tags_value on run_tags (name, value, run_id)",
              """
              create table run_published (
                run_id text not null references runs (id) on delete cascade,
                name text not null,
                value text not null,
                seq integer not null,
                published_at bigint not null,
                primary key (run_id, name)
              ) %CLUSTERED%""",
              """
              create table retention_policies (
                namespace text not null,
                workflow text not null,
                completed_ms bigint,
                failed_ms bigint,
                cancelled_ms bigint,
                updated_at bigint not null,
                primary key (namespace, workflow)
              )"""));

  static List<Migration> forDialect(String clusteredTableOption) {
    return List.of(V1, V2, V3, V4, V5, V6, V7, V8, V9, V10, V11, V12, V13, V14, V15, V16).stream()
        .map(
            m ->
                new Migration(
                    m.version(),
                    m.description(),
                    m.statements().stream()
                        .map(sql -> sql.replace("%CLUSTERED%", clusteredTableOption))
                        .toList()))
        .toList();
  }
}
