package dev.reprise.daemon.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * The runs the demo submitted.
 *
 * @param payments payment runs, which must all complete
 * @param sagas order sagas whose shipment is refused, which must all fail and compensate
 */
record SubmittedRuns(List<String> payments, List<String> sagas) {

  SubmittedRuns {
    payments = List.copyOf(payments);
    sagas = List.copyOf(sagas);
  }

  List<String> all() {
    List<String> all = new ArrayList<>(payments);
    all.addAll(sagas);
    return all;
  }
}
