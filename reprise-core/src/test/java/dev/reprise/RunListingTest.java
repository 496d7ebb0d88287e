package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.reprise.testing.SettableClock;
import dev.reprise.testing.Workflows.Abc;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunListingTest {

  @Test
  void pagesWithACursorVisitEveryRunOnceNewestFirst() {
    SettableClock clock = SettableClock.manual(Instant.parse("2026-01-01T00:00:00Z"));
    try (RepriseClient client = Reprise.builder().sqliteInMemory().clock(clock).buildClient()) {
      List<String> submitted = new ArrayList<>();
      for (int i = 0; i < 7; i++) {
        submitted.add(client.submitJson("abc", "\"r" + i + "\"", RunOptions.DEFAULT).id());
        if (i % 2 == 0) {
          clock.advance(Duration.ofSeconds(1)); // some runs share a creation time
        }
      }
      List<String> seen = new ArrayList<>();
      RunFilter filter = RunFilter.all().withLimit(3);
      List<RunInfo> page = client.runs(filter);
      while (!page.isEmpty()) {
        page.forEach(r -> seen.add(r.id()));
        page = client.runs(filter.withAfter(RunFilter.Cursor.of(page.getLast())));
      }

      assertThat(seen)
          .hasSize(7)
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(submitted);
      assertThat(seen)
          .as("the pages, one after the other, are the whole listing")
          .containsExactlyElementsOf(
              client.runs(RunFilter.all()).stream().map(RunInfo::id).toList());
    }
  }

  @Test
  void sinceKeepsOnlyRunsCreatedAtOrAfterIt() {
    SettableClock clock = SettableClock.manual(Instant.parse("2026-01-01T00:00:00Z"));
    try (RepriseClient client = Reprise.builder().sqliteInMemory().clock(clock).buildClient()) {
      client.submitJson("abc", "\"old\"", RunOptions.DEFAULT);
      clock.advance(Duration.ofHours(1));
      String recent = client.submitJson("abc", "\"new\"", RunOptions.DEFAULT).id();

      List<RunInfo> runs = client.runs(RunFilter.all().withSince(clock.instant()));

      assertThat(runs).extracting(RunInfo::id).containsExactly(recent);
    }
  }

  @Test
  void countByStatusCountsEveryRunOfTheNamespace() {
    Abc abc = new Abc();
    try (Reprise r = Reprise.builder().sqliteInMemory().workflow(abc).build()) {
      r.start();
      r.submit(abc, "a").result(Duration.ofSeconds(10));
      r.submit(abc, "b").result(Duration.ofSeconds(10));
      try (RepriseClient other = Reprise.builder().sqliteInMemory().buildClient()) {
        assertThat(other.countByStatus()).isEmpty();
      }

      Map<RunStatus, Long> counts = r.countByStatus();

      assertThat(counts).containsExactly(Map.entry(RunStatus.COMPLETED, 2L));
    }
  }
}
