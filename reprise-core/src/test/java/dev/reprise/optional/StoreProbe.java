package dev.reprise.optional;

import dev.reprise.InvalidConfigurationException;
import dev.reprise.Reprise;
import dev.reprise.RepriseException;
import dev.reprise.RunOptions;
import dev.reprise.testing.Workflows;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Run in a child JVM by {@link PostgresLibrariesTest}: opens Reprise the way its argument says and
 * prints one line saying what happened.
 */
public final class StoreProbe {
  private StoreProbe() {}

  public static void main(String[] args) {
    try {
      switch (args[0]) {
        case "sqlite" -> {
          var abc = new Workflows.Abc();
          try (Reprise reprise = Reprise.builder().sqliteInMemory().workflow(abc).build()) {
            reprise.start();
            String out =
                reprise.submit(abc, "x", RunOptions.defaults()).result(Duration.ofMinutes(1));
            System.out.println("completed " + out);
          }
        }
        case "url" ->
            Reprise.builder()
                .postgres("jdbc:postgresql://127.0.0.1:1/none?user=none")
                .buildClient();
        case "datasource" -> Reprise.builder().postgres(new NoServer()).buildClient();
        default -> throw new IllegalArgumentException(args[0]);
      }
    } catch (InvalidConfigurationException e) {
      System.out.println(
          "InvalidConfigurationException field=" + e.field() + ": " + e.getMessage());
    } catch (RepriseException e) {
      System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  /** A data source whose server is never there. */
  private static final class NoServer implements DataSource {
    @Override
    public Connection getConnection() throws SQLException {
      throw new SQLException("no server");
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      throw new SQLException("no server");
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
