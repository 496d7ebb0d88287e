package dev.reprise.daemon.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventLoopTest {

  @Test
  void aFailingPhaseOrCommandIsContainedAndTheRestOfTheTickRuns() {
    List<String> ran = new ArrayList<>();
    EventLoop loop =
        new EventLoop(
            () -> ran.add("intake"),
            c -> {
              ran.add("command " + c.origin());
              if (c.origin().equals("bad")) {
                throw new IllegalStateException("command broke");
              }
            },
            List.of(
                new EventLoop.Phase(
                    "first",
                    () -> {
                      ran.add("first");
                      throw new IllegalStateException("phase broke");
                    }),
                new EventLoop.Phase("second", () -> ran.add("second"))));
    loop.post(new Command.Reload("bad"));
    loop.post(new Command.StatusDump("good"));

    loop.tick();
    loop.tick();

    assertThat(ran)
        .containsExactly(
            "intake",
            "command bad",
            "command good",
            "first",
            "second",
            "intake",
            "first",
            "second");
    assertThat(loop.ticks()).isEqualTo(2);
    assertThat(loop.mailboxSize()).isZero();
  }
}
