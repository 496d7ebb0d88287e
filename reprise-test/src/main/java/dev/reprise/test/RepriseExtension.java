package dev.reprise.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link RepriseTest}: resolves a {@link TestReprise} parameter, one
 * per test, and closes it (engine, store and temporary files) when the test ends.
 */
public final class RepriseExtension implements ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(RepriseExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestReprise.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(TestReprise.class, k -> open(context), TestReprise.class);
  }

  private static TestReprise open(ExtensionContext context) {
    boolean postgres =
        AnnotationSupport.findAnnotation(context.getElement(), RepriseTest.class)
            .or(() -> context.getTestClass().flatMap(RepriseExtension::onClassOrEnclosing))
            .map(RepriseTest::postgres)
            .orElse(false);
    if (postgres) {
      return TestReprise.postgres();
    }
    try {
      Path dir = Files.createTempDirectory("reprise-test-");
      return TestReprise.sqlite(dir, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a temporary directory for the test's store", e);
    }
  }

  /** The annotation on a test class or, for a {@code @Nested} one, on the class it is in. */
  private static Optional<RepriseTest> onClassOrEnclosing(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
      Optional<RepriseTest> found = AnnotationSupport.findAnnotation(c, RepriseTest.class);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    TestReprise reprise = context.getStore(NAMESPACE).remove(TestReprise.class, TestReprise.class);
    if (reprise != null) {
      reprise.close();
    }
  }
}
