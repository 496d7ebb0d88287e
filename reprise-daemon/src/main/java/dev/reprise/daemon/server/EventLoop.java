package dev.reprise.daemon.server;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tick of the daemon: take in what arrived (signals), drain the mailbox, then run each phase.
 * Every command and every phase runs behind its own error boundary: a failure is logged ({@code
 * command_failed}, {@code phase_failed}) and the tick goes on with the next one, so one broken
 * phase never stops the daemon.
 */
final class EventLoop {
  private static final Logger log = LoggerFactory.getLogger(EventLoop.class);

  /** A named piece of periodic work. */
  record Phase(String name, Runnable work) {}

  private final Queue<Command> mailbox = new ConcurrentLinkedQueue<>();
  private final Runnable intake;
  private final Consumer<Command> dispatcher;
  private final List<Phase> phases;
  private final AtomicLong ticks = new AtomicLong();

  /**
   * @param intake posts what arrived since the last tick (the flags signal handlers set)
   */
  EventLoop(Runnable intake, Consumer<Command> dispatcher, List<Phase> phases) {
    this.intake = intake;
    this.dispatcher = dispatcher;
    this.phases = List.copyOf(phases);
  }

  void post(Command command) {
    mailbox.add(command);
  }

  int mailboxSize() {
    return mailbox.size();
  }

  long ticks() {
    return ticks.get();
  }

  void tick() {
    ticks.incrementAndGet();
    try {
      intake.run();
    } catch (RuntimeException e) {
      log.atError().setMessage("intake_failed").setCause(e).log();
    }
    Command c;
    while ((c = mailbox.poll()) != null) {
      try {
        dispatcher.accept(c);
      } catch (RuntimeException e) {
        log.atError()
            .setMessage("command_failed")
            .addKeyValue("command", c.getClass().getSimpleName())
            .addKeyValue("origin", c.origin())
            .setCause(e)
            .log();
      }
    }
    for (Phase p : phases) {
      try {
        p.work().run();
      } catch (RuntimeException e) {
        log.atError()
            .setMessage("phase_failed")
            .addKeyValue("phase", p.name())
            .addKeyValue("error", e.toString())
            .setCause(e)
            .log();
      }
    }
  }
}
