package dev.reprise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.reprise.testing.Jdbc;
import dev.reprise.testing.Postgres;
import dev.reprise.testing.Workflows.Abc;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The clock of one node (an engine in this JVM, with its own pool) jumps an hour ahead while
 * another node on the right time shares its PostgreSQL schema. Leases and claims are timed on the
 * database's clock, so the jump takes no run from a live node; what it moves is when that node
 * finds a sleep due.
 */
class ClockJumpTest {
  private static final Duration JUMP = Duration.ofHours(1);
  private static final Duration NAP = Duration.ofMinutes(30);

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

  private Reprise node(String id, InstantSource clock, UnaryOperator<Reprise.Builder> config) {
    Reprise node =
        config
            .apply(
                Reprise.builder()
                    .postgres(url)
                    .nodeId(id)
                    .clock(clock)
                    .pollInterval(Duration.ofMillis(50))
                    .shutdownTimeout(Duration.ofMillis(200)))
            .build();
    nodes.add(node);
    return node;
  }

  /** The system's time, moved by {@link #jump} as an operator or NTP would move a host's. */
  static final class JumpingClock implements InstantSource {
    private volatile Duration offset = Duration.ZERO;

    void jump(Duration by) {
      offset = offset.plus(by);
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(offset);
    }
  }

  /** Step "first", then a step held until released, then step "last"; counts every body. */
  static final class Held implements Workflow<String, String> {
    final AtomicInteger first = new AtomicInteger();
    final AtomicInteger held = new AtomicInteger();
    final AtomicInteger last = new AtomicInteger();
    final CountDownLatch open = new CountDownLatch(1);

    @Override
    public String name() {
      return "held";
    }

    @Override
    public String run(RunContext ctx, String input) {
      ctx.step("first", first::incrementAndGet);
      ctx.step(
          "hold",
          () -> {
            held.incrementAndGet();
            open.await();
            return 0;
          });
      ctx.step("last", last::incrementAndGet);
      return input;
    }
  }

  /** A step, a sleep of {@link #NAP}, a step; counts every body. */
  static final class Napper implements Workflow<String, String> {
    private final String name;
    final AtomicInteger before = new AtomicInteger();
    final AtomicInteger after = new AtomicInteger();

    Napper(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String run(RunContext ctx, String input) {
      ctx.step("before", before::incrementAndGet);
      ctx.sleep(NAP);
      ctx.step("after", after::incrementAndGet);
      return input;
    }
  }

  @Test
  void aNodeWhoseClockJumpsTakesNoRunFromALiveNodeAndRunsNoCompletedStepAgain() {
    Held held = new Held();
    Abc abc = new Abc();
    Reprise a = node("a", InstantSource.system(), n -> n.workflow(held).workflow(abc));
    a.start();
    List<String> heldIds = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      heldIds.add(a.submit(held, "h" + i).id());
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> held.held.get() == 5);

    JumpingClock jumping = new JumpingClock();
    Reprise b = node("b", jumping, n -> n.workflow(held).workflow(abc));
    b.start();
    jumping.jump(JUMP);
    // a's leases end in 10 s on the database's clock, 50 min before b's time: b sweeps every 50 ms
    List<RunHandle<String>> runs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      runs.add((i % 2 == 0 ? a : b).submit(abc, "r" + i));
    }
    for (int i = 0; i < runs.size(); i++) {
      assertThat(runs.get(i).result(Duration.ofSeconds(30))).isEqualTo("r" + i + "-a-b-c");
    }
    assertThat(b.sweepExpiredLeases()).as("no lease of a's has ended").isEqualTo(SweepReport.NONE);
    try (Jdbc sql = Jdbc.connect(url)) {
      assertThat(
              sql.count(
                  "select count(*) from runs where workflow = 'held' and status = 'running'"
                      + " and owner = 'a' and epoch = 1"))
          .as("a still holds each held run under its first claim")
          .isEqualTo(5);
    }

    held.open.countDown();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> heldIds.stream().allMatch(id -> a.run(id).status() == RunStatus.COMPLETED));
    assertThat(held.first.get()).isEqualTo(5);
    assertThat(held.held.get()).as("no held body started again").isEqualTo(5);
    assertThat(held.last.get()).isEqualTo(5);
    for (String step : List.of("a", "b", "c")) {
      assertThat(abc.executions(step)).as("step %s ran once a run", step).isEqualTo(40);
    }
    for (String id : heldIds) {
      assertThat(a.run(id).recoveries()).isZero();
    }
    for (RunHandle<String> run : runs) {
      assertThat(a.run(run.id()).recoveries()).isZero();
    }
  }

  @Test
  void aSleepAnotherNodeParkedEndsEarlyByTheJumpWhenTheNodeWhoseClockJumpedWakesIt() {
    Napper napper = new Napper("napper");
    Reprise a = node("a", InstantSource.system(), n -> n.workflow(napper));
    a.start();
    RunHandle<String> run = a.submit(napper, "x");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> a.run(run.id()).status() == RunStatus.WAITING);
    Instant wakeAt = ((Wait.Sleep) a.run(run.id()).waitingFor()).until();

    JumpingClock jumping = new JumpingClock();
    jumping.jump(JUMP);
    node("b", jumping, n -> n.workflow(napper)).start();

    assertThat(run.result(Duration.ofSeconds(10))).isEqualTo("x");
    assertThat(Instant.now())
        .as("the 30-minute sleep ended within seconds: b's clock says it is due")
        .isBefore(wakeAt.minus(NAP).plusSeconds(20));
    assertThat(napper.before.get()).isEqualTo(1);
    assertThat(napper.after.get()).isEqualTo(1);
  }

  @Test
  void aSleepTheNodeWhoseClockJumpedStartsIsDueLateByTheJumpOnTheTrueTime() {
    JumpingClock jumping = new JumpingClock();
    jumping.jump(JUMP);
    Napper napper = new Napper("napper");
    Reprise b = node("b", jumping, n -> n.workflow(napper));
    b.start();
    RunHandle<String> run = b.submit(napper, "x");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> b.run(run.id()).status() == RunStatus.WAITING);

    Instant wakeAt = ((Wait.Sleep) b.run(run.id()).waitingFor()).until();
    Instant trueTime = Instant.now();
    assertThat(Duration.between(trueTime, wakeAt))
        .as("journaled on b's time: a node on the true time would end it an hour late")
        .isBetween(NAP.plus(JUMP).minusSeconds(20), NAP.plus(JUMP));
  }
}
