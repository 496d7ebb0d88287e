package dev.reprise.daemon.ops;

import dev.reprise.Reprise;
import dev.reprise.RunFailedException;
import dev.reprise.RunHandle;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/** Fills a Reprise database with {@link TripSaga} runs, in this process, each to its end. */
final class Trips {
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** The ids of the runs made, by outcome. */
  record Made(List<String> completed, List<String> compensated, List<String> failedCompensation) {
    List<String> all() {
      List<String> all = new ArrayList<>(completed);
      all.addAll(compensated);
      all.addAll(failedCompensation);
      return all;
    }
  }

  private Trips() {}

  /** Runs that complete, fail and compensate, and fail to compensate; the database is closed. */
  static Made make(
      Path db, InstantSource clock, int completed, int compensated, int failedCompensation) {
    var trips = new TripSaga();
    try (Reprise reprise = Reprise.builder().sqlite(db).clock(clock).workflow(trips).build()) {
      reprise.start();
      return new Made(
          run(reprise, trips, new TripSaga.Trip(false, false), completed),
          run(reprise, trips, new TripSaga.Trip(true, false), compensated),
          run(reprise, trips, new TripSaga.Trip(true, true), failedCompensation));
    }
  }

  static Made make(Path db, int completed, int compensated, int failedCompensation) {
    return make(db, InstantSource.system(), completed, compensated, failedCompensation);
  }

  /** The same in the store {@code store} is configured with (SQLite, PostgreSQL, a namespace). */
  static Made make(Reprise.Builder store, int completed, int compensated, int failedCompensation) {
    var trips = new TripSaga();
    try (Reprise reprise = store.workflow(trips).build()) {
      reprise.start();
      return new Made(
          run(reprise, trips, new TripSaga.Trip(false, false), completed),
          run(reprise, trips, new TripSaga.Trip(true, false), compensated),
          run(reprise, trips, new TripSaga.Trip(true, true), failedCompensation));
    }
  }

  private static List<String> run(Reprise reprise, TripSaga trips, TripSaga.Trip trip, int n) {
    List<RunHandle<String>> handles = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      handles.add(reprise.submit(trips, trip));
    }
    List<String> ids = new ArrayList<>();
    for (RunHandle<String> h : handles) {
      try {
        h.result(WAIT);
      } catch (RunFailedException expected) {
        // the failures are what these runs are for; they have ended
      }
      ids.add(h.id());
    }
    return ids;
  }
}
