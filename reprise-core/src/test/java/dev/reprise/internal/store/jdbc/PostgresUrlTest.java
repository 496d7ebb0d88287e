package dev.reprise.internal.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.reprise.Reprise;
import dev.reprise.RepriseClient;
import dev.reprise.RunFilter;
import dev.reprise.testing.Postgres;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** A password in a PostgreSQL URL, in either form, is used and never printed. */
class PostgresUrlTest {

  @Test
  void theUserAndPasswordOfTheAuthorityAreTakenOutOfTheUrl() {
    PostgresStores.UrlParts p =
        PostgresStores.UrlParts.of("jdbc:postgresql://reprise:p%40ss:w@db:5432/app?ssl=true");
    assertThat(p.url()).isEqualTo("jdbc:postgresql://db:5432/app?ssl=true");
    assertThat(p.user()).isEqualTo("reprise");
    assertThat(p.password()).isEqualTo("p@ss:w");
    assertThat(PostgresStores.UrlParts.of("jdbc:postgresql://db/app?user=u&password=x"))
        .isEqualTo(
            new PostgresStores.UrlParts("jdbc:postgresql://db/app?user=u&password=x", null, null));
    assertThat(PostgresStores.redact("jdbc:postgresql://reprise:s3cret@db/app?password=other"))
        .isEqualTo("jdbc:postgresql://reprise:***@db/app?password=***");
    assertThat(
            PostgresStores.redactIn(
                "failed (reprise:s3cret@db) other", "jdbc:postgresql://reprise:s3cret@db/app"))
        .isEqualTo("failed (reprise:***@db) other");
  }

  @Test
  void aPasswordWrittenWithARawSlashOrQuestionMarkIsStillTakenOutAndMasked() {
    for (String pw : new String[] {"ab/cd+ef==", "a?b", "x/y?z", "p/"}) {
      String url = "jdbc:postgresql://reprise:" + pw + "@db:5432/app?ssl=true";
      PostgresStores.UrlParts p = PostgresStores.UrlParts.of(url);
      assertThat(p.url()).as(pw).isEqualTo("jdbc:postgresql://db:5432/app?ssl=true");
      assertThat(p.user()).as(pw).isEqualTo("reprise");
      assertThat(PostgresStores.redact(url))
          .as(pw)
          .isEqualTo("jdbc:postgresql://reprise:***@db:5432/app?ssl=true");
      assertThat(PostgresStores.withoutQuery(url))
          .as(pw)
          .isEqualTo("jdbc:postgresql://reprise:***@db:5432/app");
    }
    String atInAParameter = "jdbc:postgresql://db:5432/app?ApplicationName=a@b";
    assertThat(PostgresStores.UrlParts.of(atInAParameter))
        .isEqualTo(new PostgresStores.UrlParts(atInAParameter, null, null));
    assertThat(PostgresStores.redact(atInAParameter)).isEqualTo(atInAParameter);
  }

  @Test
  void aStoreOpensWithThePasswordInTheAuthorityAndAFailedOpenDoesNotPrintIt() {
    Matcher m =
        Pattern.compile("^jdbc:postgresql://([^/?@]+)(/[^?]*)\\?user=([^&]+)$")
            .matcher(Postgres.BASE_URL);
    Assumptions.assumeTrue(
        m.matches(), "needs a REPRISE_PG_URL of the form jdbc:postgresql://HOST/DB?user=USER");
    String schema = Postgres.createSchema();
    try {
      String url =
          "jdbc:postgresql://"
              + m.group(3)
              + ":s3cret@"
              + m.group(1)
              + m.group(2)
              + "?currentSchema="
              + schema;
      try (RepriseClient c = Reprise.builder().postgres(url).buildClient()) {
        assertThat(c.runs(RunFilter.all())).isEmpty();
      }
      Throwable failed =
          catchThrowable(
              () ->
                  Reprise.builder()
                      .postgres("jdbc:postgresql://reprise:s3cret@127.0.0.1:1/none")
                      .buildClient());
      assertThat(failed).hasMessageContaining("reprise:***@127.0.0.1:1");
      for (Throwable t = failed; t != null; t = t.getCause()) {
        assertThat(String.valueOf(t.getMessage())).doesNotContain("s3cret");
      }
    } finally {
      Postgres.dropSchema(schema);
    }
  }
}
