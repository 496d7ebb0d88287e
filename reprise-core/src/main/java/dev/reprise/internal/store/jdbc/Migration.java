package dev.reprise.internal.store.jdbc;

import java.util.List;

/**
 * One schema version: statements applied in one transaction, recorded in {@code reprise_schema}.
 */
public record Migration(int version, String description, List<String> statements) {
  public Migration {
    statements = List.copyOf(statements);
  }
}
