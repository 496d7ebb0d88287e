package dev.reprise.testing;

import static org.awaitility.Awaitility.await;

import dev.reprise.internal.store.jdbc.CommitHook;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A full SQLite file without root: SQLite's {@code max_page_count} caps the pages of the database
 * file, and a write that needs one more page fails with {@code SQLITE_FULL}, as on a full disk. The
 * pragma holds for the connection that sets it only (set from another connection, the writer never
 * sees it), so it is set on the store's writer connection, from the writer's commit hook: after the
 * next commit (the engine's dispatcher commits every poll interval). Process-wide while installed.
 */
public final class PageLimit implements AutoCloseable {
  private static final long NONE = 4_294_967_294L; // SQLite's own ceiling

  private final AtomicLong wanted = new AtomicLong(NONE);
  private final AtomicLong applied = new AtomicLong(-1);
  private final AtomicLong commits = new AtomicLong();

  private PageLimit() {}

  public static PageLimit install() {
    PageLimit limit = new PageLimit();
    CommitHook.install(
        connection -> {
          limit.commits.incrementAndGet();
          long want = limit.wanted.get();
          if (want != limit.applied.get()) {
            try (Statement s = connection.createStatement()) {
              s.execute("pragma max_page_count = " + want);
            } catch (SQLException e) {
              throw new IllegalStateException(e);
            }
            limit.applied.set(want);
          }
        });
    return limit;
  }

  /** The file may grow no more (the limit cannot go below its size); waits until it holds. */
  public void fillUp() {
    set(1);
  }

  /** Lifts the limit; waits until it holds. */
  public void lift() {
    set(NONE);
  }

  /** Waits until the writer has committed {@code n} more times. */
  public void awaitCommits(int n) {
    long until = commits.get() + n;
    await().atMost(Duration.ofSeconds(10)).until(() -> commits.get() >= until);
  }

  private void set(long pages) {
    wanted.set(pages);
    await().atMost(Duration.ofSeconds(10)).until(() -> applied.get() == pages);
  }

  @Override
  public void close() {
    CommitHook.install(null);
  }
}
