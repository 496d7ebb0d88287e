package dev.reprise.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives each test of the class a {@link TestReprise} parameter: an engine on a store of its own (a
 * temporary SQLite file, or a fresh PostgreSQL schema with {@code postgres = true}) on a clock that
 * skips time, closed and deleted after the test.
 *
 * <pre>
 * {@literal @}RepriseTest
 * class CheckoutTest {
 *   {@literal @}Test
 *   void paysOnce(TestReprise reprise) {
 *     Reprise engine = reprise.start(checkout);
 *     RunHandle&lt;Receipt&gt; run = engine.submit(checkout, order);
 *     assertThat(reprise.awaitResult(run).chargeId()).isEqualTo("ch-1");
 *   }
 * }
 * </pre>
 */
@Documented
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RepriseExtension.class)
public @interface RepriseTest {
  /**
   * Runs each test on a fresh schema of the PostgreSQL server at {@code REPRISE_PG_URL} (default
   * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}), dropped afterwards. Where no
   * server answers the test is skipped with a loud message, or fails when {@code
   * REPRISE_REQUIRE_PG=1}.
   */
  boolean postgres() default false;
}
