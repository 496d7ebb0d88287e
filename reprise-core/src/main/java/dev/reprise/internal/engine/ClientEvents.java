package dev.reprise.internal.engine;

/** Where a client tells the engine of its process what it did (see {@link ClientEvent}). */
@FunctionalInterface
interface ClientEvents {
  void emit(ClientEvent event);

  /** For a process that executes nothing. */
  ClientEvents NONE = event -> {};
}
