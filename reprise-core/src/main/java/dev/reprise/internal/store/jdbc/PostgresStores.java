package dev.reprise.internal.store.jdbc;

import dev.reprise.StoreUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Opens PostgreSQL stores: from a JDBC URL (pooled here with HikariCP, closed with the store) or a
 * {@link DataSource} the application owns. The schema is the connection's current schema ({@code
 * currentSchema} in the URL, else the search path). Nodes that start together migrate one at a
 * time, under an advisory lock.
 */
public final class PostgresStores {
  private static final long LINGER_MILLIS = 20;
  private static final long MIGRATION_LOCK = 0x5245505249534530L; // "REPRISE0"

  /**
   * How to open: {@code url} or {@code dataSource}. {@code leaseTtl} bounds how long the writer's
   * transaction may stay open idle (a node paused mid-transaction would otherwise hold its row
   * locks, and stall the node taking its runs over, for as long as it is paused).
   */
  public record Options(
      String url, DataSource dataSource, boolean readOnly, String namespace, Duration leaseTtl) {}

  private PostgresStores() {}

  public static JdbcStore open(Options o, long nowMillis) {
    String location = o.url() != null ? withoutQuery(o.url()) : "PostgreSQL data source";
    UrlPool pool = null;
    DataSource source = o.dataSource();
    Dialect dialect = new PostgresDialect();
    Connection writer = null;
    try {
      if (source == null) {
        pool = UrlPool.open(o.url(), o.readOnly());
        source = pool.dataSource();
      }
      DataSource from = source;
      UrlPool owned = pool;
      Runnable evict =
          () -> {
            if (owned != null) {
              owned.evictConnections();
            }
          };
      writer = writerConnection(from, o.leaseTtl());
      if (!o.readOnly()) {
        requireOwnSessions(from, writer, location);
      }
      String schema = currentSchema(writer, location);
      location = location + " (schema " + schema + ")";
      if (o.readOnly()) {
        Migrator.requireCurrent(location, Migrator.currentVersion(writer), dialect.migrations());
        writer.close();
        return new JdbcStore(
            location,
            dialect,
            o.namespace(),
            null,
            Readers.borrowing(source, evict),
            pool,
            SqliteStores.NO_LOCK);
      }
      migrate(writer, location, dialect, nowMillis);
      Readers.Opener reopen =
          () -> {
            evict.run();
            return writerConnection(from, o.leaseTtl());
          };
      JournalWriter journal =
          new JournalWriter(
              "reprise-writer",
              location,
              dialect,
              writer,
              new ReentrantLock(),
              LINGER_MILLIS,
              reopen);
      // many nodes execute at once: leases and epochs keep each run to one executor
      return new JdbcStore(
          location,
          dialect,
          o.namespace(),
          journal,
          Readers.borrowing(source, evict),
          pool,
          SqliteStores.NO_LOCK);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(writer);
      if (pool != null) {
        pool.close();
      }
      if (e instanceof StoreUnavailableException s) {
        throw s;
      }
      throw new StoreUnavailableException(
          location, "cannot open: " + redactIn(rootMessage(e), o.url()), e);
    }
  }

  private static Connection writerConnection(DataSource source, Duration leaseTtl)
      throws SQLException {
    Connection c = source.getConnection();
    try (Statement s = c.createStatement()) {
      s.execute("set idle_in_transaction_session_timeout = " + Math.max(1000, leaseTtl.toMillis()));
    }
    return c;
  }

  /**
   * Refuses connections that share server sessions: a pooler in transaction or statement mode
   * (PgBouncer's {@code pool_mode = transaction}, say) hands each transaction whichever server
   * session is free, and a node's session-level advisory lock, which tells the others it is alive,
   * would be held by a session other nodes' transactions then run in. Two connections held at once
   * must reach two server processes, and one connection must keep reaching the same one; behind
   * such a pooler the second usually gets the session the first just gave back.
   */
  private static void requireOwnSessions(DataSource source, Connection writer, String location)
      throws SQLException {
    int first = backendPid(writer);
    int other;
    try (Connection c = source.getConnection()) {
      other = backendPid(c);
    }
    int again = backendPid(writer);
    if (other == first || again != first) {
      throw new StoreUnavailableException(
          location,
          "its connections share server sessions (two connections held at once reached backend "
              + first
              + " and "
              + other
              + ", one connection reached "
              + first
              + " then "
              + again
              + "): a pooler in transaction or statement mode, such as PgBouncer with pool_mode ="
              + " transaction, is in between. Reprise keeps a session-level advisory lock per node"
              + " and needs a server session per connection: connect to PostgreSQL directly, or"
              + " through a pooler in session mode",
          null);
    }
  }

  /** The connection's server process, read in a transaction of its own. */
  private static int backendPid(Connection c) throws SQLException {
    int pid;
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
      rs.next();
      pid = rs.getInt(1);
    }
    if (!c.getAutoCommit()) {
      c.commit();
    }
    return pid;
  }

  private static String currentSchema(Connection c, String location) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select current_schema()")) {
      rs.next();
      String schema = rs.getString(1);
      if (schema == null) {
        throw new StoreUnavailableException(
            location,
            "the schema named by currentSchema (or the search path) does not exist; create it"
                + " first, or name one that does",
            null);
      }
      return schema;
    }
  }

  /** Refuses a schema holding other tables than Reprise's, then migrates under the lock. */
  private static void migrate(Connection c, String location, Dialect dialect, long nowMillis)
      throws SQLException {
    try (PreparedStatement lock = c.prepareStatement("select pg_advisory_lock(?)")) {
      lock.setLong(1, MIGRATION_LOCK);
      lock.execute();
    }
    try {
      if (Migrator.currentVersion(c) == 0) {
        List<String> others = tables(c);
        if (!others.isEmpty()) {
          throw new StoreUnavailableException(
              location, "not a Reprise schema (it holds other tables: " + others + ")", null);
        }
      }
      Migrator.migrate(location, c, dialect.migrations(), nowMillis);
    } finally {
      try (PreparedStatement unlock = c.prepareStatement("select pg_advisory_unlock(?)")) {
        unlock.setLong(1, MIGRATION_LOCK);
        unlock.execute();
      }
    }
  }

  private static List<String> tables(Connection c) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select table_name from information_schema.tables"
                    + " where table_schema = current_schema() order by table_name")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }

  /**
   * A JDBC URL split from the user and password of its authority ({@code
   * jdbc:postgresql://user:pw@host/db}), which the driver does not read (it would take {@code
   * user:pw@host} for a host name, and print it): they go to the pool as properties instead.
   */
  record UrlParts(String url, String user, String password) {
    private static final String PREFIX = "jdbc:postgresql://";

    static UrlParts of(String url) {
      int at = userInfoEnd(url);
      if (at < 0) {
        return new UrlParts(url, null, null);
      }
      String userInfo = url.substring(PREFIX.length(), at);
      int colon = userInfo.indexOf(':');
      String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
      String password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
      return new UrlParts(
          PREFIX + url.substring(at + 1), user.isEmpty() ? null : decode(user), password);
    }

    /**
     * Where the {@code user:pw} of the authority ends (its {@code @}), or -1 for none. A password
     * should be percent-encoded, but one written with a raw {@code /} or {@code ?} in it (a
     * generated password often has one) is still found, so that it is neither sent as a host name
     * nor printed: the first {@code @} with a {@code user:} before it and no query parameter
     * ({@code ?name=}) between.
     */
    static int userInfoEnd(String url) {
      if (url == null || !url.startsWith(PREFIX)) {
        return -1;
      }
      int start = PREFIX.length();
      int end = start;
      while (end < url.length() && url.charAt(end) != '/' && url.charAt(end) != '?') {
        end++;
      }
      int at = url.lastIndexOf('@', end - 1);
      if (at >= start) {
        return at;
      }
      int first = url.indexOf('@', start);
      if (first < 0) {
        return -1;
      }
      String before = url.substring(start, first);
      int query = before.indexOf('?');
      int colon = before.indexOf(':');
      boolean hasUser = colon > 0 && colon < end - start;
      boolean inQuery = query >= 0 && before.indexOf('=', query) >= 0;
      return hasUser && !inQuery ? first : -1;
    }

    private static String decode(String s) {
      try {
        return java.net.URLDecoder.decode(
            s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return s;
      }
    }
  }

  /** A message with every password of the URL in it masked. */
  static String redactIn(String message, String url) {
    if (message == null || url == null) {
      return message;
    }
    String out = message;
    String password = UrlParts.of(url).password();
    if (password != null && !password.isEmpty()) {
      out = out.replace(password, "***");
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?i)password=([^&;]*)").matcher(url);
    while (m.find()) {
      if (!m.group(1).isEmpty()) {
        out = out.replace(m.group(1), "***");
      }
    }
    return out;
  }

  /**
   * The URL for messages: with a password in {@code //user:pw@} masked, and without its query
   * (where other secrets may be).
   */
  public static String withoutQuery(String url) {
    String masked = redact(url);
    int at = UrlParts.userInfoEnd(masked);
    int q = masked.indexOf('?', Math.max(at, 0));
    return q < 0 ? masked : masked.substring(0, q);
  }

  /**
   * A JDBC URL with its passwords masked, in the query ({@code password=}) and in the authority
   * ({@code //user:pw@host}), for messages and logs.
   */
  public static String redact(String url) {
    if (url == null) {
      return null;
    }
    String out = url;
    int at = UrlParts.userInfoEnd(url);
    if (at >= 0) {
      int colon = url.indexOf(':', UrlParts.PREFIX.length());
      if (colon >= 0 && colon < at) {
        out = url.substring(0, colon + 1) + "***" + url.substring(at);
      }
    }
    return out.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // already failing
      }
    }
  }
}
