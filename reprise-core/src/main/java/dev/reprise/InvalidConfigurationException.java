package dev.reprise;

/** A builder, option or argument was given a value it cannot take; {@link #field()} names it. */
public final class InvalidConfigurationException extends RepriseException {
  private final String field;

  public InvalidConfigurationException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
