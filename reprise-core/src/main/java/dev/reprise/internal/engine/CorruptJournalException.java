package dev.reprise.internal.engine;

import dev.reprise.RepriseException;

/** A journal entry cannot be read back (bad JSON, a type that no longer exists). */
final class CorruptJournalException extends RepriseException {
  CorruptJournalException(String message, Throwable cause) {
    super(message, cause);
  }
}
