package dev.reprise.internal.store;

import java.util.List;

/** The schema shared by every dialect; types are written so that SQLite and PostgreSQL accept them. */
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
              )""",
              "create index steps_status on steps (status, run_id)"));

  static final List<Migration> ALL = List.of(V1);
}
