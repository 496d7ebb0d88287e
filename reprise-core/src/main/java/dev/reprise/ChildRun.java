package dev.reprise;

import java.lang.reflect.Type;

/**
 * A child run started by {@link RunContext#startChild}; pass it to {@link RunContext#awaitChild}.
 * Its id is derived from the parent's id and the seq of the journal entry that started it, so a
 * replay finds the same child and never starts a second one.
 *
 * @param id the child run's id: {@code parentId:seq}
 * @param seq the parent's journal entry for this child
 * @param outputType the type the child's output is read as
 */
public record ChildRun<O>(String id, int seq, Type outputType) {}
