/**
 * Word from this process's own database client to its outbox relay: a transaction that wrote outbox rows has
 * just committed. The relay then publishes at once instead of on its next poll, so events leave within
 * milliseconds while an idle relay polls rarely. Rows this process did not commit (another replica's, or
 * left by one that crashed, or written by a CLI) are still found by that poll.
 */
type Listener = () => void;

const listeners = new Map<string, Set<Listener>>();

/** Calls `listener` after each commit of outbox rows to `schema`'s outbox by this process; returns the undo. */
export function onOutboxCommit(schema: string, listener: Listener): () => void {
  const forSchema = listeners.get(schema) ?? new Set<Listener>();
  listeners.set(schema, forSchema);
  forSchema.add(listener);
  return () => forSchema.delete(listener);
}

export function outboxCommitted(schema: string): void {
  for (const listener of listeners.get(schema) ?? []) listener();
}

/** Whether a statement adds outbox rows (Prisma's `outboxEvent.create`/`createMany`, or raw SQL). */
export const insertsOutboxRows = (sql: string) => /^\s*INSERT\s+INTO\s+(?:"?\w+"?\.)?"OutboxEvent"/i.test(sql);
