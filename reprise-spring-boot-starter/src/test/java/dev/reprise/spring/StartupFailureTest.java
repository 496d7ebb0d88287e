package dev.reprise.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.reprise.InvalidConfigurationException;
import dev.reprise.spring.app.TestApp;
import dev.reprise.spring.internal.InvalidSettingFailureAnalyzer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A bad reprise.* value stops a real application with a report naming the property. */
class StartupFailureTest {
  @TempDir Path dir;

  @Test
  void aBadValueStopsTheApplicationWithAReportNamingTheProperty() {
    Throwable failure =
        org.assertj.core.api.Assertions.catchThrowable(
            () ->
                new SpringApplicationBuilder(TestApp.class)
                    .properties(
                        "reprise.sqlite.path=" + dir.resolve("reprise.db"),
                        "reprise.concurrency=0",
                        "spring.autoconfigure.exclude=org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration")
                    .run()
                    .close());
    assertThat(failure).isNotNull();
    FailureAnalysis analysis = new InvalidSettingFailureAnalyzer().analyze(failure);
    assertThat(analysis).isNotNull();
    assertThat(analysis.getDescription())
        .isEqualTo(
            "Reprise cannot start: reprise.concurrency: must be between 1 and 100000, was 0");
    assertThat(analysis.getAction()).contains("reprise.concurrency");
    assertThat(analysis.getCause()).isInstanceOf(InvalidConfigurationException.class);
    assertThatThrownBy(
            () -> {
              throw failure;
            })
        .hasStackTraceContaining("reprise.concurrency");
  }
}
