package dev.reprise;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * A type token for generic types: {@code new TypeRef<List<Order>>() {}}. Reprise uses it to read
 * journaled JSON back into the type the code expects.
 */
public abstract class TypeRef<T> {
  private final Type type;

  protected TypeRef() {
    Type superclass = getClass().getGenericSuperclass();
    if (!(superclass instanceof ParameterizedType parameterized)) {
      throw new InvalidConfigurationException("TypeRef", "must be created with a type argument");
    }
    this.type = parameterized.getActualTypeArguments()[0];
  }

  private TypeRef(Type type) {
    this.type = type;
  }

  /** A token for a plain class. */
  public static <T> TypeRef<T> of(Class<T> type) {
    return new TypeRef<>(type) {};
  }

  /** A token for any reflected type. */
  public static TypeRef<Object> of(Type type) {
    return new TypeRef<>(type) {};
  }

  public Type type() {
    return type;
  }

  @Override
  public String toString() {
    return type.getTypeName();
  }
}
