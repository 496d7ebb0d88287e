package dev.reprise.internal.store;

import dev.reprise.AuditEntry;
import java.util.List;

/** The record of operator actions of a namespace, by run and by schedule. */
public interface AuditLog {

  /** Appends an entry, durably. */
  void record(AuditEntry entry);

  /** The entries of a run, oldest first. */
  List<AuditEntry> ofRun(String runId);

  /** The entries of a schedule, oldest first. */
  List<AuditEntry> ofSchedule(String name);
}
