package dev.reprise.internal.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/**
 * The number rules Jackson leaves lenient, for inputs: a byte takes -128 to 127 (not 255 read as
 * -1), and a float or a double a finite value (not a number beyond the type read as infinity).
 */
final class StrictNumbers {
  private StrictNumbers() {}

  static SimpleModule module() {
    SimpleModule m = new SimpleModule("reprise-strict-numbers");
    m.addDeserializer(Byte.class, new Checked<>(Byte.class, "byte", StrictNumbers::requireByte));
    m.addDeserializer(byte.class, new Checked<>(byte.class, "byte", StrictNumbers::requireByte));
    m.addDeserializer(Float.class, new Checked<>(Float.class, "float", StrictNumbers::finite));
    m.addDeserializer(float.class, new Checked<>(float.class, "float", StrictNumbers::finite));
    m.addDeserializer(Double.class, new Checked<>(Double.class, "double", StrictNumbers::finite));
    m.addDeserializer(double.class, new Checked<>(double.class, "double", StrictNumbers::finite));
    return m;
  }

  private static String requireByte(JsonParser p) throws IOException {
    long v = p.getLongValue();
    return v < Byte.MIN_VALUE || v > Byte.MAX_VALUE ? "out of range of byte (-128 - 127)" : null;
  }

  private static String finite(JsonParser p) throws IOException {
    return Double.isInfinite(p.getDoubleValue()) ? "beyond the largest double" : null;
  }

  /** Checks a number token, then reads it as Jackson does. */
  private interface Check {
    /** What is wrong with the number, or null. */
    String problem(JsonParser p) throws IOException;
  }

  private static final class Checked<T> extends JsonDeserializer<T> {
    private final Class<T> type;
    private final String name;
    private final Check check;
    private final JsonDeserializer<T> standard;

    @SuppressWarnings("unchecked")
    Checked(Class<T> type, String name, Check check) {
      this.type = type;
      this.name = name;
      this.check = check;
      this.standard = (JsonDeserializer<T>) NumberDeserializers.find(type, type.getName());
    }

    @Override
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.hasToken(JsonToken.VALUE_NUMBER_INT) || p.hasToken(JsonToken.VALUE_NUMBER_FLOAT)) {
        String problem = check.problem(p);
        if (problem != null) {
          throw ctxt.weirdNumberException(p.getNumberValue(), type, problem);
        }
      }
      T value = standard.deserialize(p, ctxt);
      if (value instanceof Float f && f.isInfinite()) {
        throw ctxt.weirdNumberException(p.getNumberValue(), type, "beyond the largest " + name);
      }
      return value;
    }

    @Override
    public T getNullValue(DeserializationContext ctxt)
        throws com.fasterxml.jackson.databind.JsonMappingException {
      return standard.getNullValue(ctxt);
    }
  }
}
