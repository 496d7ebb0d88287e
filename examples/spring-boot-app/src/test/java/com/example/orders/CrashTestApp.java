package com.example.orders;

import java.nio.file.Path;
import java.sql.SQLException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The example application as the crash test runs it in a child JVM: the same application, with the
 * outside world replaced by {@link LedgerFulfilment}. Properties: {@code ledger.path}, {@code
 * ledger.hang-after}, and the application's own ({@code reprise.sqlite.path}, ...).
 */
public final class CrashTestApp {
  private CrashTestApp() {}

  /**
   * The ledger in place of the simulated systems; only with {@code ledger.path} set, as the
   * application's component scan finds this class in the other tests too.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty("ledger.path")
  static class LedgerConfiguration {
    @Bean
    @Primary
    Fulfilment ledger(
        @Value("${ledger.path}") Path ledger,
        @Value("${reprise.sqlite.path}") Path repriseDb,
        @Value("${ledger.hang-after:0}") int hangAfter)
        throws SQLException {
      return new LedgerFulfilment(ledger, repriseDb, hangAfter);
    }
  }

  public static void main(String[] args) {
    SpringApplication.run(
        new Class<?>[] {OrdersApplication.class, LedgerConfiguration.class}, args);
  }
}
