package dev.reprise.testing;

/** Writes journal states directly, as a process that died would have left them. */
public final class Seed {
  private Seed() {}

  public static void runningRun(Jdbc db, String id, String workflow, String input) {
    db.update(
        "insert into runs (id, namespace, workflow, status, input, epoch, created_at, started_at, updated_at)"
            + " values (?, 'default', ?, 'running', ?, 1, 1000, 1000, 1000)",
        id,
        workflow,
        input);
  }

  public static void step(
      Jdbc db,
      String runId,
      int seq,
      String name,
      String status,
      String output,
      String outputType,
      boolean atMostOnce,
      int attempts) {
    db.update(
        "insert into steps (run_id, seq, name, kind, status, at_most_once, output, output_type, attempts, epoch, started_at)"
            + " values (?, ?, ?, 'step', ?, ?, ?, ?, ?, 1, 1000)",
        runId,
        seq,
        name,
        status,
        atMostOnce ? 1 : 0,
        output,
        outputType,
        attempts);
  }
}
