package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.reprise.testing.Jdbc;
import dev.reprise.testing.Postgres;
import dev.reprise.testing.Workflows.Abc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Several nodes (engines in this JVM, each with its own pool) on one PostgreSQL schema. */
class NodesTest {
  private String schema;
  private String url;
  private final List<Reprise> nodes = new ArrayList<>();

  @BeforeEach
  void createSchema() {
    schema = Postgres.createSchema();
    url = Postgres.url(schema);
  }

  @AfterEach
  void dropSchema() {
    nodes.forEach(Reprise::close);
    Postgres.dropSchema(schema);
  }

  private Reprise node(String id, UnaryOperator<Reprise.Builder> config) {
    Reprise node =
        config
            .apply(
                Reprise.builder()
                    .postgres(url)
                    .nodeId(id)
                    .pollInterval(Duration.ofMillis(50))
                    .shutdownTimeout(Duration.ofMillis(200)))
            .build();
    nodes.add(node);
    return node;
  }

  /** Runs that a dead node left: running under epoch 1, their lease long expired. */
  private void seedExpired(Jdbc sql, String scope, String workflow, int count) {
    for (int i = 0; i < count; i++) {
      sql.update(
          "insert into runs (id, namespace, workflow, status, input, owner, epoch, lease_until,"
              + " created_at, started_at, updated_at) values (?, ?, ?, 'running', '\"x\"', 'dead',"
              + " 1, 0, 1000, 1000, 1000)",
          workflow + "-" + scope.replace('/', '-') + "-" + i,
          scope,
          workflow);
    }
  }

  @Test
  void twoNodesShareTheRunsAndEachStepRunsOnce() {
    Abc abc = new Abc();
    Reprise a = node("a", b -> b.workflow(abc).concurrency(4));
    Reprise b = node("b", n -> n.workflow(abc).concurrency(4));
    a.start();
    b.start();
    List<RunHandle<String>> runs = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      runs.add((i % 2 == 0 ? a : b).submit(abc, "r" + i));
    }
    for (int i = 0; i < runs.size(); i++) {
      assertThat(runs.get(i).result(Duration.ofSeconds(30))).isEqualTo("r" + i + "-a-b-c");
    }
    assertThat(abc.executions("a")).isEqualTo(100);
    assertThat(abc.executions("c")).isEqualTo(100);
  }

  /** One step that waits until released, or until its thread is interrupted. */
  static final class Gate implements Workflow<String, String> {
    final AtomicInteger entered = new AtomicInteger();
    final java.util.concurrent.CountDownLatch open = new java.util.concurrent.CountDownLatch(1);

    @Override
    public String name() {
      return "gate";
    }

    @Override
    public String run(RunContext ctx, String input) {
      return ctx.step(
          "wait",
          () -> {
            entered.incrementAndGet();
            open.await(); // interrupted when its node stops
            return input + "-passed";
          });
    }
  }

  @Test
  void aNodeThatStopsReleasesItsRunsAndAnotherTakesThemAtOnce() {
    Gate gate = new Gate();
    Reprise a = node("a", n -> n.workflow(gate));
    a.start();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(a.submit(gate, "g" + i).id());
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> gate.entered.get() == 5);
    Reprise b = node("b", n -> n.workflow(gate));
    b.start();

    a.close();
    nodes.remove(a);
    gate.open.countDown();

    // the lease is 10 s: the runs come to b this soon only because a gave them back
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> ids.stream().allMatch(id -> b.run(id).status() == RunStatus.COMPLETED));
    for (String id : ids) {
      assertThat(b.run(id).recoveries()).as("a release is not a recovery").isZero();
    }
  }

  @Test
  void twoNodesSweepingTheSameExpiredRunsTakeEachRunOnce() throws Exception {
    Abc abc = new Abc();
    Reprise a = node("a", n -> n.workflow(abc));
    Reprise b = node("b", n -> n.workflow(abc));
    try (Jdbc sql = Jdbc.connect(url)) {
      seedExpired(sql, "default", "abc", 200);
      CyclicBarrier barrier = new CyclicBarrier(2);
      var sweepA =
          CompletableFuture.supplyAsync(
              () -> {
                arrive(barrier);
                return a.sweepExpiredLeases();
              });
      var sweepB =
          CompletableFuture.supplyAsync(
              () -> {
                arrive(barrier);
                return b.sweepExpiredLeases();
              });
      SweepReport ra = sweepA.join();
      SweepReport rb = sweepB.join();

      assertThat(ra.restarted() + rb.restarted()).isEqualTo(200);
      assertThat(ra.failed() + rb.failed()).isZero();
      assertThat(sql.count("select count(*) from runs where status = 'pending' and epoch = 2"))
          .as("each run taken exactly once")
          .isEqualTo(200);
      assertThat(sql.count("select count(*) from runs where recoveries = 1")).isEqualTo(200);
    }
  }

  private static void arrive(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aNodeSeesOnlyItsNamespaceAndEnvUnlessItRecoversGlobally() {
    Abc abc = new Abc();
    Reprise staging = node("staging", n -> n.workflow(abc).env("staging"));
    Reprise global = node("global", n -> n.workflow(abc).env("staging").globalRecovery(true));
    try (Jdbc sql = Jdbc.connect(url)) {
      seedExpired(sql, "default/prod", "abc", 3);
      seedExpired(sql, "other", "abc", 2);

      assertThat(staging.sweepExpiredLeases()).isEqualTo(SweepReport.NONE);
      staging.start();
      assertThat(staging.runs(RunFilter.all())).isEmpty();
      // a node of another scope has no definition of their workflow's policy: they are failed
      // unless a node of theirs declared it; this one registers abc, so its policy applies
      assertThat(global.sweepExpiredLeases().restarted()).isEqualTo(5);
      assertThat(sql.count("select count(*) from runs where status = 'pending'")).isEqualTo(5);
      assertThat(
              sql.count(
                  "select count(*) from runs where namespace = 'default/prod' and owner is null"))
          .isEqualTo(3);
    }
    assertThat(abc.executions("a")).as("no node of theirs runs them").isZero();
  }

  static final class Named implements Workflow<String, String> {
    private final String name;
    private final RecoveryPolicy policy;

    Named(String name, RecoveryPolicy policy) {
      this.name = name;
      this.policy = policy;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public RecoveryPolicy recoveryPolicy() {
      return policy;
    }

    @Override
    public String run(RunContext ctx, String input) {
      return ctx.step("one", () -> input + "!");
    }
  }

  @Test
  void theRecoveryPolicyComesFromTheResolverTheWorkflowOrTheStoredDefinition() {
    // a node that registered "elsewhere" (restart) and "careful" (fail) has come and gone
    Reprise past =
        node(
            "past",
            n ->
                n.workflow(new Named("elsewhere", RecoveryPolicy.RESTART))
                    .workflow(new Named("careful", RecoveryPolicy.FAIL)));
    past.start();
    past.close();
    nodes.remove(past);
    try (Jdbc sql = Jdbc.connect(url)) {
      seedExpired(sql, "default", "keep", 1);
      seedExpired(sql, "default", "drop", 1);
      seedExpired(sql, "default", "elsewhere", 1);
      seedExpired(sql, "default", "careful", 1);
      seedExpired(sql, "default", "nobody", 1);
      seedExpired(sql, "default", "overruled", 1);
      seedExpired(sql, "default", "poison", 1);
      sql.update("update runs set recoveries = 3 where workflow = 'poison'");

      Reprise node =
          node(
              "sweeper",
              n ->
                  n.workflow(new Named("keep", RecoveryPolicy.RESTART))
                      .workflow(new Named("drop", RecoveryPolicy.FAIL))
                      .workflow(new Named("overruled", RecoveryPolicy.RESTART))
                      .workflow(new Named("poison", RecoveryPolicy.RESTART))
                      .maxRecoveries(3)
                      .recoveryResolver(
                          (workflow, runId, recoveries) ->
                              workflow.equals("overruled") ? RecoveryPolicy.FAIL : null));

      assertThat(node.sweepExpiredLeases()).isEqualTo(new SweepReport(2, 5, 0));
      assertThat(status(sql, "keep")).isEqualTo("pending");
      assertThat(status(sql, "elsewhere")).isEqualTo("pending");
      assertThat(failure(sql, "drop")).isEqualTo("recovery_policy");
      assertThat(failure(sql, "careful")).isEqualTo("recovery_policy");
      assertThat(failure(sql, "nobody")).isEqualTo("quarantined");
      assertThat(failure(sql, "overruled")).isEqualTo("recovery_policy");
      assertThat(failure(sql, "poison")).isEqualTo("too_many_recoveries");
      assertThat(sql.string("select failure_reason from runs where workflow = 'careful'"))
          .contains("stored definition of workflow 'careful'")
          .contains("fail");
    }
  }

  private static String status(Jdbc sql, String workflow) {
    return sql.string("select status from runs where workflow = ?", workflow);
  }

  private static String failure(Jdbc sql, String workflow) {
    return sql.string(
        "select error_type from runs where workflow = ? and status = 'failed'", workflow);
  }

  /** One step that counts how many of its bodies run at once. */
  static final class Counted implements Workflow<Integer, Integer> {
    final AtomicInteger now = new AtomicInteger();
    final AtomicInteger max = new AtomicInteger();

    @Override
    public String name() {
      return "counted";
    }

    @Override
    public Integer run(RunContext ctx, Integer input) {
      return ctx.step(
          "work",
          () -> {
            int n = now.incrementAndGet();
            max.accumulateAndGet(n, Math::max);
            long until = System.nanoTime() + 20_000_000;
            while (System.nanoTime() < until) {
              Thread.onSpinWait();
            }
            now.decrementAndGet();
            return input;
          });
    }
  }

  @Test
  void aQueuesGlobalLimitHoldsAcrossNodesAndItsNodeLimitOnEachNode() {
    Counted counted = new Counted();
    Queue limited = Queue.named("reports").withGlobalLimit(3);
    List<Reprise> three = new ArrayList<>();
    for (String id : List.of("a", "b", "c")) {
      three.add(node(id, n -> n.workflow(counted).queue(limited).concurrency(8)));
    }
    three.forEach(Reprise::start);
    List<RunHandle<Integer>> runs = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      runs.add(three.get(i % 3).submit(counted, i, RunOptions.DEFAULT.withQueue("reports")));
    }
    for (RunHandle<Integer> run : runs) {
      run.result(Duration.ofSeconds(60));
    }
    System.out.println("queue 'reports': most runs at once on three nodes = " + counted.max.get());
    assertThat(counted.max.get()).isBetween(1, 3);
    // nodes a, b and c run this workflow too, with no limit on queue "one": they would take its
    // runs from d
    three.forEach(Reprise::close);

    Counted perNode = new Counted();
    Reprise single = node("d", n -> n.workflow(perNode).queue(Queue.named("one").withNodeLimit(1)));
    single.start();
    List<RunHandle<Integer>> more = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      more.add(single.submit(perNode, i, RunOptions.DEFAULT.withQueue("one")));
    }
    for (RunHandle<Integer> run : more) {
      run.result(Duration.ofSeconds(30));
    }
    assertThat(perNode.max.get()).isEqualTo(1);
  }

  @Test
  void higherPriorityRunsOfAQueueAreClaimedFirst() {
    Counted counted = new Counted();
    Reprise submitter = node("s", n -> n.workflow(counted));
    List<String> low = new ArrayList<>();
    List<String> high = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      low.add(submitter.submit(counted, i).id());
    }
    for (int i = 0; i < 5; i++) {
      high.add(submitter.submit(counted, i, RunOptions.DEFAULT.withPriority(10)).id());
    }
    Reprise worker = node("w", n -> n.workflow(counted).concurrency(1));
    worker.start();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> worker.runs(RunFilter.all()).stream().allMatch(r -> r.status().isTerminal()));
    long lastHigh =
        high.stream()
            .mapToLong(id -> worker.run(id).startedAt().toEpochMilli())
            .max()
            .orElseThrow();
    long firstLow =
        low.stream().mapToLong(id -> worker.run(id).startedAt().toEpochMilli()).min().orElseThrow();
    assertThat(lastHigh).isLessThanOrEqualTo(firstLow);
  }

  @Test
  void whenEveryConnectionIsTerminatedTheNodesReconnectAndFinish() {
    String app = "reprise-" + schema;
    url = url + "&ApplicationName=" + app;
    Counted counted = new Counted();
    Reprise a = node("a", n -> n.workflow(counted).leaseTtl(Duration.ofSeconds(1)));
    Reprise b = node("b", n -> n.workflow(counted).leaseTtl(Duration.ofSeconds(1)));
    a.start();
    b.start();
    List<RunHandle<Integer>> runs = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      runs.add((i % 2 == 0 ? a : b).submit(counted, i));
    }
    try (Jdbc sql = Jdbc.connect(Postgres.BASE_URL)) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  a.runs(RunFilter.all().withStatus(RunStatus.COMPLETED).withLimit(1000)).size()
                      >= 20);
      long killed =
          sql.count(
              "select count(pg_terminate_backend(pid)) from pg_stat_activity"
                  + " where application_name = ?",
              app);
      assertThat(killed).isPositive();
    }
    for (int i = 0; i < runs.size(); i++) {
      assertThat(runs.get(i).result(Duration.ofSeconds(60))).isEqualTo(i);
    }
  }

  @Test
  void aNodeRestartedUnderItsIdTakesItsRunsBackAtOnce() {
    Abc abc = new Abc();
    Reprise other = node("n2", n -> n.workflow(abc));
    try (Jdbc sql = Jdbc.connect(url)) {
      seedExpired(sql, "default", "abc", 3);
      // still leased for an hour: only the same node id may take them back before then
      sql.update("update runs set owner = 'n1', lease_until = 4000000000000");
    }
    assertThat(other.sweepExpiredLeases()).isEqualTo(SweepReport.NONE);
    Reprise n1 = node("n1", n -> n.workflow(abc));
    RecoveryReport report = n1.start();
    assertThat(report.runsRestarted()).isEqualTo(3);
    await().atMost(Duration.ofSeconds(10)).until(() -> abc.executions("c") == 3);
  }

  @Test
  void badConfigurationIsRefusedWithAClearError() {
    assertThatThrownBy(
            () ->
                Reprise.builder()
                    .postgres("jdbc:postgresql://127.0.0.1:1/test?user=postgres")
                    .build())
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("127.0.0.1:1")
        .hasMessageContaining("cannot open");
    assertThatThrownBy(
            () -> Reprise.builder().postgres(Postgres.url("no_such_schema_here")).build())
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("schema")
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> Reprise.builder().postgres(url).leaseTtl(Duration.ZERO).build())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("leaseTtl");
    assertThatThrownBy(() -> Reprise.builder().postgres("postgres://localhost/x").build())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("jdbc:postgresql:");
    try (Jdbc sql = Jdbc.connect(url)) {
      sql.update("create table invoices (id text)");
    }
    assertThatThrownBy(() -> Reprise.builder().postgres(url).build())
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("not a Reprise schema")
        .hasMessageContaining("invoices");
  }

  @Test
  void aNodeIdInUseByALiveNodeIsRefused() {
    Abc abc = new Abc();
    node("same", n -> n.workflow(abc)).start();
    Reprise twin = node("same", n -> n.workflow(abc));
    assertThatThrownBy(twin::start)
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("node id 'same' is in use by pid " + ProcessHandle.current().pid());
  }
}
