package dev.reprise.testing;

import dev.reprise.RunContext;
import dev.reprise.Workflow;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Small workflows shared by tests. */
public final class Workflows {
  private Workflows() {}

  /** Three steps a, b, c; counts every body execution by step name. */
  public static final class Abc implements Workflow<String, String> {
    public final ConcurrentHashMap<String, AtomicInteger> executions = new ConcurrentHashMap<>();

    @Override
    public String name() {
      return "abc";
    }

    @Override
    public String run(RunContext ctx, String input) {
      String a = ctx.step("a", () -> count("a", input + "-a"));
      String b = ctx.step("b", () -> count("b", a + "-b"));
      return ctx.step("c", () -> count("c", b + "-c"));
    }

    private String count(String step, String value) {
      executions.computeIfAbsent(step, k -> new AtomicInteger()).incrementAndGet();
      return value;
    }

    public int executions(String step) {
      AtomicInteger n = executions.get(step);
      return n == null ? 0 : n.get();
    }
  }
}
