package dev.reprise.test.internal;

import java.util.Map;

/**
 * What a test answers while its runs wait: a payload per signal name, a decision per approval gate.
 * Payloads are kept as the JSON they are sent as.
 */
public record Script(Map<String, Object> signals, Map<String, Decision> gates) {
  public static final Script NONE = new Script(Map.of(), Map.of());

  public Script {
    signals = Map.copyOf(signals);
    gates = Map.copyOf(gates);
  }

  /** An approval gate's answer. */
  public record Decision(boolean approve, String actor, String reason) {}
}
