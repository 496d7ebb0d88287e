package dev.reprise.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/architecture.md says what the code has: the roles of {@link Store}, and who to change. */
class ArchitectureDocTest {
  private static final List<String> NUMBERS =
      List.of(
          "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve");

  private static String doc() throws IOException {
    return Files.readString(Path.of("..", "docs", "architecture.md"));
  }

  /** The roles a store is split into: its accessors that return an interface of this package. */
  private static List<String> roles() {
    return Arrays.stream(Store.class.getDeclaredMethods())
        .filter(m -> m.getParameterCount() == 0)
        .map(Method::getReturnType)
        .filter(t -> t.isInterface() && t.getPackage() == Store.class.getPackage())
        .map(Class::getSimpleName)
        .sorted()
        .toList();
  }

  @Test
  void theDocCountsAndNamesEveryRoleOfTheStore() throws IOException {
    List<String> roles = roles();
    assertThat(roles).contains("RunJournal", "RunQueue", "AuditLog", "RetentionRows");
    String doc = doc().replaceAll("\\s+", " ");

    assertThat(doc)
        .as("a new store implements as many role interfaces as Store has")
        .contains("implement the " + NUMBERS.get(roles.size()) + " role interfaces");
    for (String role : roles) {
      assertThat(doc).as("the store contract in the layers names " + role).contains(role);
    }
  }

  @Test
  void aNewStepKindNamesTheTestKitsContextThatMustDelegateIt() throws IOException {
    String doc = doc().replaceAll("\\s+", " ");
    int stepKind = doc.indexOf("**A new step kind**");
    int next = doc.indexOf("- **", stepKind + 1);

    assertThat(stepKind).isNotNegative();
    assertThat(doc.substring(stepKind, next)).contains("LedgerContext").contains("delegate");
  }
}
