package dev.reprise.internal.store;

import dev.reprise.Schedule;
import java.util.List;
import java.util.Optional;

/** The stored schedules of a namespace. */
public interface ScheduleRows {

  /** Adds a schedule; false when the name is taken. */
  boolean create(Schedule schedule, long now);

  List<Schedule> list();

  Optional<Schedule> get(String name);

  /** Pauses (next fire cleared) or resumes (next fire set); false when there is no such name. */
  boolean setPaused(String name, boolean paused, Long nextFireAt);

  boolean delete(String name);

  /** Schedules not paused whose next fire time has come. */
  List<Schedule> due(long now);

  /**
   * In one transaction: starts {@code run} (unless a run of that id exists: a fire time starts one
   * run, ever), records {@code fireTime} as the last fire, and moves the schedule's next fire from
   * {@code expectedNext} to {@code next}. False, with nothing written, when another process moved
   * it first. {@code run} null skips the fire (the last fire stays as it was).
   */
  boolean fire(String name, long expectedNext, long next, NewRun run, long fireTime);

  /** The earliest next fire time of a schedule not paused, or null. */
  Long nextFireAt();
}
