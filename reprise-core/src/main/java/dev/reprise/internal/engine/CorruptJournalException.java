package dev.reprise.internal.engine;

import dev.reprise.RunException;

/** A journal entry cannot be read back (bad JSON, a type that no longer exists). */
final class CorruptJournalException extends RunException {
  CorruptJournalException(String runId, String message, Throwable cause) {
    super(runId, message, cause);
  }
}
