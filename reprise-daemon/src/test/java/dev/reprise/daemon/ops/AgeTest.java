package dev.reprise.daemon.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class AgeTest {

  @Test
  void numberAndUnitReadAsDaysHoursMinutesOrSeconds() {
    assertThat(Age.parse("30d").duration()).isEqualTo(Duration.ofDays(30));
    assertThat(Age.parse("12h").duration()).isEqualTo(Duration.ofHours(12));
    assertThat(Age.parse("15m").duration()).isEqualTo(Duration.ofMinutes(15));
    assertThat(Age.parse("45s").duration()).isEqualTo(Duration.ofSeconds(45));
    assertThat(Age.parse("0s").duration()).isZero();
  }

  @Test
  void isoEightySixOhOneDurationsAreAccepted() {
    assertThat(Age.parse("P30D").duration()).isEqualTo(Duration.ofDays(30));
    assertThat(Age.parse("PT12H30M").duration()).isEqualTo(Duration.ofMinutes(750));
  }

  @Test
  void theTextIsKeptAsWritten() {
    assertThat(Age.parse("30d").text()).isEqualTo("30d");
  }

  @Test
  void otherTextIsRefusedWithTheAcceptedForms() {
    for (String bad :
        new String[] {"abc", "", "30", "d", "1.5d", "30 days", "P1M", "9999999999999999999d"}) {
      assertThatThrownBy(() -> Age.parse(bad))
          .as(bad)
          .isInstanceOf(TypeConversionException.class)
          .hasMessageContaining("30d");
    }
  }

  @Test
  void negativeAgesAreRefused() {
    for (String bad : new String[] {"-1d", "-PT1H", "PT-1S"}) {
      assertThatThrownBy(() -> Age.parse(bad))
          .as(bad)
          .isInstanceOf(TypeConversionException.class)
          .hasMessageContaining("negative");
    }
  }
}
