import type { ConsumedEvent } from '../domain/documents';

/** An event plus where it came from, so a poison event can be dead-lettered with its origin. */
export interface SourcedEvent extends ConsumedEvent {
  origin: { topic: string; partition?: number; offset?: string; key?: string | null; value?: string | null };
}

/** What a batch handler reports back: the events it could not use, with why. */
export interface BatchOutcome {
  poison: { event: SourcedEvent; reason: string }[];
}

/**
 * A stream of the other services' events: Kafka (KafkaEventSource) or, with no broker configured, their
 * outbox tables read in process (OutboxEventSource). The handler is called with batches in per-entity order
 * and must finish writing before the source moves on; if it throws, the source retries the batch.
 */
export interface EventSource {
  readonly kind: 'kafka' | 'outbox';
  start(handler: (batch: SourcedEvent[]) => Promise<BatchOutcome>): Promise<void>;
  stop(): Promise<void>;
  /** Events published but not yet handled (Kafka's consumer lag), where the transport can tell. */
  lag?(): Promise<number>;
}

/** A source that can also replay from the beginning for a reindex and tell when it has caught up. */
export interface ReplaySource extends EventSource {
  /** True once everything committed so far has been handled. */
  caughtUp(): Promise<boolean>;
  /** Events to replay, for progress. */
  size(): Promise<number>;
  /** Why the replay cannot have seen every event (it did not start at each partition's beginning), or null. */
  replayGap?(): Promise<string | null>;
  /** Cleans up after the replay (e.g. drops its consumer group). */
  deleteGroup?(): Promise<void>;
}

/** Retries `fn` with capped exponential back-off until it succeeds or `running()` turns false. */
export async function untilDone<T>(
  fn: () => Promise<T>,
  running: () => boolean,
  onError: (error: unknown, retryInMs: number) => void,
  maxBackoffMs = 10_000,
): Promise<T | undefined> {
  let backoff = 100;
  while (running()) {
    try {
      return await fn();
    } catch (error) {
      backoff = Math.min(backoff * 2, maxBackoffMs);
      onError(error, backoff);
      await new Promise((resolve) => setTimeout(resolve, backoff));
    }
  }
  return undefined;
}
