package dev.reprise.bench;

/** Reprise on PostgreSQL, as far as this build has it. */
final class RepriseOnPostgres {
  /** Why the Reprise-on-PostgreSQL figures are not measured yet. */
  static final String PENDING =
      "pending: Reprise's PostgreSQL store (Reprise.builder().postgres(url)) and node leases are"
          + " not in this build yet";

  private RepriseOnPostgres() {}
}
