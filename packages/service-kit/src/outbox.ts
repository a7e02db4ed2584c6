import { currentTraceparent } from './tracing';

/**
 * The transactional outbox. A change and the event announcing it commit in the same database transaction,
 * so an event is never lost (the change committed) nor invented (the change rolled back). The relay
 * publishes rows afterwards, at least once.
 */
export interface DomainEvent<P extends object = object> {
  /** Kafka topic, one per domain, e.g. `identity.users`. */
  topic: string;
  /** What happened, e.g. `user.created`. */
  type: string;
  entityId: string;
  /** Monotonic per entity: consumers use it to ignore stale or replayed events. */
  entityVersion: number;
  payload: P;
}

/** The slice of a Prisma transaction client the outbox needs; every service's schema has this model. */
export interface OutboxTransaction {
  outboxEvent: {
    create(args: {
      data: { topic: string; type: string; entityId: string; entityVersion: number; payload: object; traceContext: string | null };
    }): Promise<unknown>;
  };
}

export async function recordEvent<P extends object>(tx: OutboxTransaction, event: DomainEvent<P>): Promise<void> {
  await tx.outboxEvent.create({
    data: {
      topic: event.topic,
      type: event.type,
      entityId: event.entityId,
      entityVersion: event.entityVersion,
      payload: JSON.parse(JSON.stringify(event.payload)) as object,
      // The request's trace continues when the relay publishes the event, however much later.
      traceContext: currentTraceparent(),
    },
  });
}

/** The slice of a Prisma transaction client that writes many outbox rows in one statement. */
export interface OutboxBatchTransaction {
  outboxEvent: {
    createMany(args: {
      data: { topic: string; type: string; entityId: string; entityVersion: number; payload: object; traceContext: string | null }[];
    }): Promise<unknown>;
  };
}

/** Several events in one INSERT, inside the transaction of the changes they announce (bulk imports). */
export async function recordEvents(tx: OutboxBatchTransaction, events: DomainEvent[]): Promise<void> {
  if (!events.length) return;
  const traceContext = currentTraceparent();
  await tx.outboxEvent.createMany({
    data: events.map((event) => ({
      topic: event.topic,
      type: event.type,
      entityId: event.entityId,
      entityVersion: event.entityVersion,
      payload: JSON.parse(JSON.stringify(event.payload)) as object,
      traceContext,
    })),
  });
}
