package dev.reprise.internal.store.jdbc;

import dev.reprise.internal.store.AuditLog;
import dev.reprise.internal.store.ConcurrencyLimits;
import dev.reprise.internal.store.Leases;
import dev.reprise.internal.store.Operations;
import dev.reprise.internal.store.RetentionRows;
import dev.reprise.internal.store.RunAttributes;
import dev.reprise.internal.store.RunJournal;
import dev.reprise.internal.store.RunQueue;
import dev.reprise.internal.store.RunReads;
import dev.reprise.internal.store.ScheduleRows;
import dev.reprise.internal.store.Store;

/**
 * The store over JDBC: its roles share one context (dialect, scope, writer, readers). Reads go
 * through {@link Readers}, every write through the one {@link JournalWriter}.
 */
public final class JdbcStore implements Store {
  private final JdbcContext ctx;
  private final AutoCloseable resources;
  private final RunJournal journal;
  private final RunQueue queue;
  private final RunReads reads;
  private final Operations operations;
  private final Leases leases;
  private final ScheduleRows schedules;
  private final AuditLog audit;
  private final RunAttributes attributes;
  private final RetentionRows retention;
  private final ConcurrencyLimits concurrencyLimits;
  private final java.util.function.Supplier<AutoCloseable> executionLock;

  /**
   * A store; {@code writer} is null for a read-only store. {@code resources} (a connection pool,
   * say) are closed with it.
   */
  JdbcStore(
      String location,
      Dialect dialect,
      String scope,
      JournalWriter writer,
      Readers readers,
      AutoCloseable resources,
      java.util.function.Supplier<AutoCloseable> executionLock) {
    this.executionLock = executionLock;
    this.ctx = new JdbcContext(location, dialect, scope, writer, readers);
    this.resources = resources;
    RunInserts inserts = new RunInserts(dialect, scope);
    JdbcJournal jdbcJournal = new JdbcJournal(ctx, inserts);
    this.journal = jdbcJournal;
    this.queue = new JdbcRunQueue(ctx, inserts);
    this.reads = new JdbcReads(ctx);
    this.operations = new JdbcOperations(ctx);
    this.leases = new JdbcLeases(ctx);
    this.schedules = new JdbcSchedules(ctx, inserts);
    this.audit = new JdbcAuditLog(ctx);
    this.attributes = new JdbcRunAttributes(ctx, jdbcJournal);
    this.retention = new JdbcRetention(ctx);
    this.concurrencyLimits = new JdbcConcurrencyLimits(ctx);
  }

  @Override
  public ConcurrencyLimits concurrencyLimits() {
    return concurrencyLimits;
  }

  @Override
  public RunAttributes attributes() {
    return attributes;
  }

  @Override
  public RetentionRows retention() {
    return retention;
  }

  @Override
  public String location() {
    return ctx.location();
  }

  @Override
  public boolean isReadOnly() {
    return ctx.nullableWriter() == null;
  }

  @Override
  public boolean isShared() {
    return ctx.dialect() instanceof PostgresDialect;
  }

  @Override
  public RunJournal journal() {
    return journal;
  }

  @Override
  public RunQueue queue() {
    return queue;
  }

  @Override
  public RunReads reads() {
    return reads;
  }

  @Override
  public Operations operations() {
    return operations;
  }

  @Override
  public Leases leases() {
    return leases;
  }

  @Override
  public ScheduleRows schedules() {
    return schedules;
  }

  @Override
  public void backupTo(java.nio.file.Path target) {
    Backups.write(ctx, target);
  }

  @Override
  public java.util.Optional<dev.reprise.StoreWriteFailure> writeFailure() {
    JournalWriter writer = ctx.nullableWriter();
    return writer == null ? java.util.Optional.empty() : writer.health().current();
  }

  @Override
  public java.util.List<String> checkIntegrity() {
    return ctx.readers().read(tx -> ctx.dialect().integrityProblems(tx));
  }

  @Override
  public AuditLog audit() {
    return audit;
  }

  @Override
  public AutoCloseable lockExecution() {
    return executionLock.get();
  }

  @Override
  public void close() {
    // readers first: the writer's last act is a checkpoint, which an open read would hold up
    ctx.readers().close();
    if (ctx.nullableWriter() != null) {
      ctx.nullableWriter().close();
    }
    if (resources != null) {
      try {
        resources.close();
      } catch (Exception e) {
        throw StoreErrors.translate("close", e);
      }
    }
  }
}
