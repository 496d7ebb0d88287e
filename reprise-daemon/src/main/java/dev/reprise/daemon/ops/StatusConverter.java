package dev.reprise.daemon.ops;

import dev.reprise.InvalidConfigurationException;
import dev.reprise.RunStatus;
import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a run status as written in every output ({@code failed_compensation}), for picocli. */
final class StatusConverter implements ITypeConverter<RunStatus> {

  /** The statuses, as the help and the error messages list them. */
  static final String LABELS =
      Arrays.stream(RunStatus.values()).map(RunStatus::label).collect(Collectors.joining(", "));

  @Override
  public RunStatus convert(String value) {
    try {
      return RunStatus.fromLabel(value.strip());
    } catch (InvalidConfigurationException e) {
      throw new TypeConversionException("unknown run status '" + value + "', one of: " + LABELS);
    }
  }
}
