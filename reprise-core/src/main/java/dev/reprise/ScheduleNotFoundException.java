package dev.reprise;

/** No schedule has that name. */
public final class ScheduleNotFoundException extends RepriseException {
  private final String name;

  public ScheduleNotFoundException(String name) {
    super("no schedule named '" + Ids.printable(name) + "'");
    this.name = name;
  }

  public String name() {
    return name;
  }
}
