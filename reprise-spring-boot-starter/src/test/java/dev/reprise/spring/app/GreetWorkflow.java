package dev.reprise.spring.app;

import dev.reprise.RunContext;
import dev.reprise.Workflow;
import org.springframework.stereotype.Component;

/** Two steps through an injected service. */
@Component
public class GreetWorkflow implements Workflow<String, String> {
  private final Greeter greeter;

  public GreetWorkflow(Greeter greeter) {
    this.greeter = greeter;
  }

  @Override
  public String name() {
    return "greet";
  }

  @Override
  public String run(RunContext ctx, String who) {
    String greeting = ctx.step("greet", () -> greeter.greet(who));
    return ctx.step("shout", () -> greeting.toUpperCase(java.util.Locale.ROOT));
  }
}
