package dev.reprise.internal.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.reprise.Ids;
import dev.reprise.InvalidConfigurationException;
import dev.reprise.InvalidInputException;
import dev.reprise.MisfirePolicy;
import dev.reprise.OperatorAction;
import dev.reprise.Schedule;
import dev.reprise.ScheduleNotFoundException;
import dev.reprise.UnknownWorkflowException;
import dev.reprise.Workflow;
import dev.reprise.internal.json.Json;
import dev.reprise.internal.store.ScheduleRows;
import java.util.List;

/** The client's schedule operations: checked, written, and the engine told of the change. */
final class ScheduleClient {
  private final ScheduleRows rows;
  private final WorkflowRegistry registry;
  private final EngineClock clock;
  private final ClientEvents events;
  private final Auditor audit;

  ScheduleClient(
      ScheduleRows rows,
      WorkflowRegistry registry,
      EngineClock clock,
      ClientEvents events,
      Auditor audit) {
    this.rows = rows;
    this.registry = registry;
    this.clock = clock;
    this.events = events;
    this.audit = audit;
  }

  Schedule create(
      String name, String cron, String zone, String workflow, Object input, MisfirePolicy misfire) {
    Ids.requireScheduleName("name", name);
    Cron parsed = Cron.parse(cron, zone);
    if (workflow == null || workflow.isBlank()) {
      throw new InvalidConfigurationException("workflow", "must not be blank");
    }
    if (misfire == null) {
      throw new InvalidConfigurationException("misfire", "must be skip or run_once");
    }
    String json;
    try {
      json = Json.write(input);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(null, workflow, "cannot be written as JSON", e);
    }
    if (!registry.isEmpty()) {
      Workflow<?, ?> known = registry.find(workflow);
      if (known == null) {
        throw new UnknownWorkflowException(null, workflow);
      }
      Client.check(workflow, json, known.inputType());
    }
    Schedule schedule =
        new Schedule(
            name, cron, zone, workflow, json, misfire, false, parsed.next(clock.now()), null);
    if (!rows.create(schedule, clock.now().toEpochMilli())) {
      throw new InvalidConfigurationException("name", "a schedule named '" + name + "' exists");
    }
    audit.record(
        OperatorAction.SCHEDULE_CREATE,
        name,
        null,
        "cron '" + cron + "' (" + zone + "), workflow " + workflow);
    events.emit(new ClientEvent.SchedulesChanged());
    return schedule;
  }

  List<Schedule> list() {
    return rows.list();
  }

  void pause(String name) {
    Ids.requireReference("name", name);
    if (!rows.setPaused(name, true, null)) {
      throw new ScheduleNotFoundException(name);
    }
    audit.record(OperatorAction.SCHEDULE_PAUSE, name, null, null);
  }

  void resume(String name) {
    Ids.requireReference("name", name);
    Schedule s = rows.get(name).orElseThrow(() -> new ScheduleNotFoundException(name));
    long next = Cron.parse(s.cron(), s.zone()).next(clock.now()).toEpochMilli();
    rows.setPaused(name, false, next);
    audit.record(OperatorAction.SCHEDULE_RESUME, name, null, null);
    events.emit(new ClientEvent.SchedulesChanged());
  }

  void delete(String name) {
    Ids.requireReference("name", name);
    if (!rows.delete(name)) {
      throw new ScheduleNotFoundException(name);
    }
    audit.record(OperatorAction.SCHEDULE_DELETE, name, null, null);
  }
}
