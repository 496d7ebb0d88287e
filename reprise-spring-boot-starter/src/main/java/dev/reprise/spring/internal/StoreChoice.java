package dev.reprise.spring.internal;

import dev.reprise.InvalidConfigurationException;
import dev.reprise.Reprise;
import dev.reprise.spring.RepriseProperties;
import dev.reprise.spring.RepriseProperties.StoreKind;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Which store the auto-configured Reprise uses: the application's own DataSource when it is
 * PostgreSQL (its pool, its settings, its schema), else an SQLite file.
 *
 * @param kind what was chosen, for the health details and the log
 * @param description the SQLite path or the DataSource's JDBC URL without its query
 */
public record StoreChoice(StoreKind kind, String description) {

  /** Points the builder at the chosen store. */
  static StoreChoice apply(Reprise.Builder builder, RepriseProperties properties, DataSource app) {
    StoreKind wanted = properties.getStore();
    if (wanted == StoreKind.POSTGRES) {
      if (app == null) {
        throw new InvalidConfigurationException(
            "reprise.store",
            "is postgres but the application has no (single, or primary) DataSource bean; set"
                + " spring.datasource.url to a jdbc:postgresql: URL");
      }
      builder.postgres(app);
      return new StoreChoice(StoreKind.POSTGRES, urlOf(app));
    }
    if (wanted == StoreKind.AUTO && app != null && isPostgres(app)) {
      builder.postgres(app);
      return new StoreChoice(StoreKind.POSTGRES, urlOf(app));
    }
    builder.sqlite(properties.getSqlite().getPath());
    builder.synchronous(properties.getSqlite().getSynchronous());
    builder.busyTimeout(properties.getSqlite().getBusyTimeout());
    return new StoreChoice(
        StoreKind.SQLITE, properties.getSqlite().getPath().toAbsolutePath().toString());
  }

  /**
   * Asks the database itself: the DataSource may have been built from properties, by hand or
   * wrapped by a proxy, and only a connection knows what it reaches.
   */
  private static boolean isPostgres(DataSource app) {
    try (Connection c = app.getConnection()) {
      return "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
    } catch (SQLException e) {
      throw new InvalidConfigurationException(
          "reprise.store",
          "is auto, and the application's DataSource gave no connection to tell whether it is"
              + " PostgreSQL ("
              + e.getMessage()
              + "); set reprise.store to postgres or sqlite");
    }
  }

  private static String urlOf(DataSource app) {
    try (Connection c = app.getConnection()) {
      String url = c.getMetaData().getURL();
      int query = url == null ? -1 : url.indexOf('?');
      return query < 0 ? url : url.substring(0, query);
    } catch (SQLException e) {
      return "the application's DataSource";
    }
  }
}
