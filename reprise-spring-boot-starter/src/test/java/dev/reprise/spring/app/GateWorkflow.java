package dev.reprise.spring.app;

import dev.reprise.RunContext;
import dev.reprise.Workflow;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * One step whose body waits for the test to open a gate, and notes when it entered and when it
 * ended, so that a test can see whether the context's close waited for it.
 */
@Component
public class GateWorkflow implements Workflow<String, String> {
  public final CountDownLatch entered = new CountDownLatch(1);
  public final CountDownLatch gate = new CountDownLatch(1);
  public final List<String> events = new CopyOnWriteArrayList<>();

  @Override
  public String name() {
    return "gate";
  }

  @Override
  public String run(RunContext ctx, String input) {
    return ctx.step(
        "wait-for-gate",
        () -> {
          entered.countDown();
          if (!gate.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the gate was never opened");
          }
          events.add("body ended");
          return input;
        });
  }
}
