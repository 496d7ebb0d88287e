package dev.reprise.spring.internal;

import dev.reprise.InvalidConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a bad {@code reprise.*} value into Spring Boot's "APPLICATION FAILED TO START" report,
 * naming the property, instead of a stack of bean-creation errors.
 */
public final class InvalidSettingFailureAnalyzer
    extends AbstractFailureAnalyzer<InvalidConfigurationException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
    return new FailureAnalysis(
        "Reprise cannot start: " + cause.getMessage(),
        cause.field().startsWith("reprise.")
            ? "Fix the property " + cause.field() + " in the application's configuration."
            : "Fix the Reprise setting '" + cause.field() + "' where the application sets it.",
        cause);
  }
}
