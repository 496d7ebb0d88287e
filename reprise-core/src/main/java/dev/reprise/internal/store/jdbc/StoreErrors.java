package dev.reprise.internal.store.jdbc;

import dev.reprise.RepriseException;
import dev.reprise.StoreConflictException;
import dev.reprise.StoreConnectionException;
import dev.reprise.StoreCorruptedException;
import dev.reprise.StoreFullException;
import dev.reprise.StoreUnavailableException;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Turns JDBC failures into Reprise's exceptions at the store boundary, by cause: a full disk, a
 * damaged file, a lost connection, a conflict, or else "unavailable".
 */
public final class StoreErrors {
  private StoreErrors() {}

  /** Why a statement failed, as far as the caller can act on it. */
  enum Cause {
    FULL,
    CORRUPTED,
    CONNECTION_LOST,
    CONFLICT,
    OTHER
  }

  /**
   * The connection broke: SQLSTATE class 08 (connection exception) or 57P (operator intervention,
   * such as a terminated backend).
   */
  static boolean isConnectionLost(SQLException e) {
    return causeOf(e) == Cause.CONNECTION_LOST;
  }

  static Cause causeOf(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLiteException s) {
        Cause c = sqliteCause(s.getResultCode());
        if (c != Cause.OTHER) {
          return c;
        }
      } else if (t instanceof SQLException s && s.getSQLState() != null) {
        Cause c = sqlStateCause(s.getSQLState());
        if (c != Cause.OTHER) {
          return c;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return Cause.OTHER;
  }

  private static Cause sqliteCause(SQLiteErrorCode code) {
    if (code == null) {
      return Cause.OTHER;
    }
    if (code == SQLiteErrorCode.SQLITE_IOERR_SHMSIZE) {
      return Cause.FULL; // the -shm file could not grow: no space left for it
    }
    // extended codes share the primary code's low byte (SQLITE_CONSTRAINT_UNIQUE is 19 | 8 << 8)
    return switch (code.code & 0xff) {
      case 13 -> Cause.FULL; // SQLITE_FULL
      case 11, 26 -> Cause.CORRUPTED; // SQLITE_CORRUPT, SQLITE_NOTADB
      case 19 -> Cause.CONFLICT; // SQLITE_CONSTRAINT
      default -> Cause.OTHER;
    };
  }

  private static Cause sqlStateCause(String state) {
    if (state.startsWith("08") || state.startsWith("57P")) {
      return Cause.CONNECTION_LOST;
    }
    if (state.equals("53100")) { // disk_full
      return Cause.FULL;
    }
    if (state.equals("XX001") || state.equals("XX002")) { // data_corrupted, index_corrupted
      return Cause.CORRUPTED;
    }
    if (state.startsWith("23")) { // integrity constraint violation
      return Cause.CONFLICT;
    }
    return Cause.OTHER;
  }

  /** {@link #translate(String, String, Throwable)} where the failure needs no store named. */
  public static RuntimeException translate(String what, Throwable e) {
    return translate(null, what, e);
  }

  /**
   * The failure of {@code what} (a read, a journal write) on the store at {@code location} (its
   * file or URL, which the message names first: a full disk is the file system of that file, or the
   * server's), as a Reprise exception.
   */
  public static RuntimeException translate(String location, String what, Throwable e) {
    if (e instanceof RepriseException r) {
      return r;
    }
    String where = location == null ? what : location;
    String doing = location == null ? "" : what + ": ";
    if (e instanceof SQLException sql) {
      String message = sql.getMessage();
      return switch (causeOf(sql)) {
        case FULL -> new StoreFullException(where, doing + full(sql) + ": " + message, sql);
        case CORRUPTED ->
            new StoreCorruptedException(where, doing + "the database is damaged: " + message, sql);
        case CONNECTION_LOST ->
            new StoreConnectionException(where, doing + "the connection broke: " + message, sql);
        case CONFLICT -> new StoreConflictException(where, doing + message, sql);
        case OTHER -> new StoreUnavailableException(where, doing + message, sql);
      };
    }
    if (e instanceof RuntimeException r) {
      return r;
    }
    return new StoreUnavailableException(where, doing + "failed: " + e, e);
  }

  /** Whose disk is full: the one of the SQLite file, or the database server's. */
  private static String full(SQLException e) {
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof SQLiteException) {
        return "the disk is full";
      }
    }
    return "the database server's disk is full";
  }
}
