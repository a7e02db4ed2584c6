/**
 * The indexer's Kafka path. One consumer group reads the domain topics (behind KAFKA_TOPIC_PREFIX) from
 * the beginning; each partition batch is written to the engine first and its offset committed only after
 * the write, so a crash replays (harmlessly: writes are versioned) and never skips. Events the indexer
 * cannot use go to the dead-letter topic with the reason in a header, then their offset is committed.
 */
import { Kafka, logLevel, type Admin, type Consumer, type EachBatchPayload, type KafkaMessage, type Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { context, trace } from '@opentelemetry/api';
import { DEAD_LETTER_TOPIC, endSpan, ensureTopics, inSpan, startMessagingSpan, traceContextFrom } from '@tvstream/service-kit';
import { SEARCH_TOPICS } from '../domain/documents';
import { untilDone, type BatchOutcome, type ReplaySource, type SourcedEvent } from './event-source';

export { DEAD_LETTER_TOPIC };

export interface KafkaSourceOptions {
  brokers: string[];
  topicPrefix: string;
  groupId: string;
  clientId?: string;
  log: Logger;
  /** Where to start when the group has no committed offset (true: replay every retained event). */
  fromBeginning?: boolean;
  /**
   * How long the group waits for a silent member (default 10 s, kafkajs' is 30 s): a SIGKILLed indexer's
   * partitions go to its restarted successor after this long.
   */
  sessionTimeoutMs?: number;
}

export class NotAnEvent extends Error {}

/** The relay's message format (service-kit KafkaPublisher): JSON value, entity version also in headers. */
export function parseMessage(topic: string, message: Pick<KafkaMessage, 'key' | 'value' | 'headers'>): Omit<SourcedEvent, 'origin'> {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(message.value?.toString('utf8') ?? '') as Record<string, unknown>;
  } catch {
    throw new NotAnEvent('the message value is not JSON');
  }
  if (!body || typeof body !== 'object') throw new NotAnEvent('the message value is not a JSON object');
  const header = message.headers?.['entity-version'];
  const version = typeof body.entityVersion === 'number' ? body.entityVersion : Number(header?.toString());
  if (typeof body.type !== 'string') throw new NotAnEvent('the message has no event type');
  return {
    topic,
    type: body.type,
    entityId: typeof body.entityId === 'string' ? body.entityId : (message.key?.toString('utf8') ?? ''),
    entityVersion: version,
    payload: body.payload,
  };
}

export class KafkaEventSource implements ReplaySource {
  readonly kind = 'kafka' as const;
  private readonly kafka: Kafka;
  private consumer: Consumer;
  private handler: ((batch: SourcedEvent[]) => Promise<BatchOutcome>) | null = null;
  private readonly producer: Producer;
  private running = false;
  private starting: Promise<unknown> | null = null;
  /** Partitions on which the group already had a committed offset when this source first started. */
  private resumedFrom: string[] | null = null;
  /** Next offset to read per `topic:partition`, as committed by this instance. */
  private readonly position = new Map<string, bigint>();

  constructor(private readonly options: KafkaSourceOptions) {
    this.kafka = new Kafka({ clientId: options.clientId ?? 'search-indexer', brokers: options.brokers, logLevel: logLevel.NOTHING, retry: { retries: 5 } });
    this.consumer = this.newConsumer();
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  }

  /**
   * However long the broker or the engine is gone, the indexer comes back: kafkajs restarts a crashed
   * consumer only after errors it deems retriable, so a crash it will not restart from (e.g. a commit
   * refused because a long write got the member evicted) is followed by a fresh consumer that rejoins the
   * group and reads on from the last committed offset.
   */
  private newConsumer(): Consumer {
    const { options } = this;
    const sessionTimeout = options.sessionTimeoutMs ?? 10_000;
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: true,
      sessionTimeout,
      rebalanceTimeout: sessionTimeout + 5_000,
      heartbeatInterval: Math.max(500, Math.floor(sessionTimeout / 10)),
      retry: { retries: 10, restartOnFailure: async () => this.running },
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      options.log.warn({ err: payload.error, restart: payload.restart }, 'indexer consumer crashed');
      if (!payload.restart && this.running && this.handler && consumer === this.consumer) this.replaceConsumer(this.handler);
    });
    return consumer;
  }

  private replaceConsumer(handler: (batch: SourcedEvent[]) => Promise<BatchOutcome>) {
    const crashed = this.consumer;
    this.consumer = this.newConsumer();
    this.starting = (async () => {
      await crashed.disconnect().catch(() => undefined);
      await untilDone(
        () => this.connectAndRun(handler),
        () => this.running,
        (err, retryInMs) => this.options.log.warn({ err, retryInMs }, 'indexer could not rejoin its group; retrying'),
      );
    })();
  }

  get topics(): string[] {
    return SEARCH_TOPICS.map((t) => `${this.options.topicPrefix}${t}`);
  }

  /** Creates the project's topics when missing, so subscribing never races the first publish. */
  private ensureTopics(): Promise<void> {
    return this.withAdmin((admin) => ensureTopics(admin, this.options.topicPrefix));
  }

  /**
   * Why this replay cannot rebuild the whole index, or null when it can: it must have read every
   * partition from its first offset (a fresh group, not one resuming from committed offsets), and no
   * partition may have lost its early events to retention.
   */
  replayGap(): Promise<string | null> {
    return this.withAdmin(async (admin) => {
      if (this.resumedFrom?.length) return `the replay resumed from committed offsets (${this.resumedFrom.join(', ')}) instead of each partition's beginning`;
      for (const topic of this.topics) {
        for (const p of await admin.fetchTopicOffsets(topic)) {
          if (BigInt(p.low) > 0n)
            return `${topic} partition ${p.partition} begins at offset ${p.low}: earlier events were deleted, so a replay would miss them`;
        }
      }
      return null;
    });
  }

  /** One admin connection for the length of `use`. */
  private async withAdmin<T>(use: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return await use(admin);
    } finally {
      await admin.disconnect();
    }
  }

  /**
   * Joins the group and starts consuming. When the broker is unreachable it returns anyway and keeps
   * trying in the background, so the service still starts (and answers searches) while Kafka is down.
   */
  async start(handler: (batch: SourcedEvent[]) => Promise<BatchOutcome>): Promise<void> {
    const { log } = this.options;
    this.running = true;
    this.handler = handler;
    try {
      await this.connectAndRun(handler);
    } catch (error) {
      log.warn({ err: error }, 'Kafka is unreachable; the indexer keeps trying');
      this.starting = untilDone(
        () => this.connectAndRun(handler),
        () => this.running,
        (err, retryInMs) => log.warn({ err, retryInMs }, 'Kafka is still unreachable'),
      );
    }
  }

  private async connectAndRun(handler: (batch: SourcedEvent[]) => Promise<BatchOutcome>): Promise<void> {
    try {
      await this.ensureTopics();
      this.resumedFrom ??= await this.committedPartitions();
      await this.producer.connect();
      await this.consumer.connect();
      await this.consumer.subscribe({ topics: this.topics, fromBeginning: this.options.fromBeginning ?? true });
      await this.consume(handler);
    } catch (error) {
      await this.consumer.disconnect().catch(() => undefined);
      await this.producer.disconnect().catch(() => undefined);
      throw error;
    }
  }

  private async consume(handler: (batch: SourcedEvent[]) => Promise<BatchOutcome>): Promise<void> {
    const { topicPrefix } = this.options;
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async (payload) => {
        const { batch } = payload;
        if (!batch.messages.length) return;
        const topic = batch.topic.startsWith(topicPrefix) ? batch.topic.slice(topicPrefix.length) : batch.topic;
        const events: SourcedEvent[] = [];
        const unreadable: { event: SourcedEvent; reason: string }[] = [];
        for (const message of batch.messages) {
          const origin = {
            topic: batch.topic,
            partition: batch.partition,
            offset: message.offset,
            key: message.key?.toString('utf8') ?? null,
            value: message.value?.toString('utf8') ?? null,
          };
          try {
            events.push({ ...parseMessage(topic, message), origin });
          } catch (error) {
            unreadable.push({
              event: { topic, type: '', entityId: origin.key ?? '', entityVersion: -1, payload: null, origin },
              reason: (error as Error).message,
            });
          }
        }
        // Each message continues the trace its publisher put in its headers. The batch's write (one bulk
        // request) runs under the first message's span and links to the others'.
        const spans = batch.messages.map((message) =>
          startMessagingSpan('process', batch.topic, traceContextFrom(message.headers?.traceparent?.toString()), {
            'messaging.destination.partition.id': String(batch.partition),
            'messaging.kafka.offset': Number(message.offset),
          }),
        );
        const writeParent = trace.setSpan(context.active(), spans[0]);
        const links = spans.slice(1).map((span) => ({ context: span.spanContext() }));
        try {
          await this.indexBatch(batch, events, unreadable, payload, () => inSpan('index batch', writeParent, () => handler(events), links));
          for (const span of spans) endSpan(span);
        } catch (error) {
          for (const span of spans) endSpan(span, error);
          throw error;
        }
      },
    });
  }

  /** Writes a batch (retrying while the engine is down), dead-letters what it cannot use, commits the offset. */
  private async indexBatch(
    batch: EachBatchPayload['batch'],
    events: SourcedEvent[],
    unreadable: { event: SourcedEvent; reason: string }[],
    { heartbeat, isRunning, isStale, resolveOffset }: Pick<EachBatchPayload, 'heartbeat' | 'isRunning' | 'isStale' | 'resolveOffset'>,
    write: () => Promise<BatchOutcome>,
  ): Promise<void> {
    const { log } = this.options;
    const alive = () => this.running && isRunning() && !isStale();
    // Only the write is retried. A heartbeat inside the retried step would turn an eviction from the
    // group (a long engine outage) into an endless loop; the commit below fails instead, the consumer
    // rejoins, and the batch is read again from the last committed offset (writes are idempotent).
    const outcome = await untilDone(write, alive, (err, retryInMs) => {
      log.warn({ err, topic: batch.topic, partition: batch.partition, retryInMs }, 'indexer could not write a batch; retrying');
      // Stay in the group while the engine is down, rather than being evicted and rebalanced.
      void heartbeat().catch(() => undefined);
    });
    if (!outcome) return; // stopping or rebalanced: nothing committed, the batch is read again
    const poison = [...unreadable, ...outcome.poison];
    if (poison.length) {
      const sent = await untilDone(
        () => this.deadLetter(poison),
        alive,
        (err) => log.warn({ err }, 'dead-letter publish failed; retrying'),
      );
      if (sent === undefined) return;
    }
    const next = (BigInt(batch.lastOffset()) + 1n).toString();
    await this.consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
    // The consumer's own fetch position follows resolved offsets: without this it reads the batch again.
    resolveOffset(batch.lastOffset());
    this.position.set(`${batch.topic}:${batch.partition}`, BigInt(next));
  }

  /** True once this consumer has committed everything the topics held when asked (reindex waits on it). */
  caughtUp(): Promise<boolean> {
    return this.withAdmin(async (admin) => {
      for (const topic of this.topics) {
        for (const p of await admin.fetchTopicOffsets(topic)) {
          const high = BigInt(p.high);
          if (high > BigInt(p.low) && (this.position.get(`${topic}:${p.partition}`) ?? 0n) < high) return false;
        }
      }
      return true;
    });
  }

  private committedPartitions(): Promise<string[]> {
    return this.withAdmin(async (admin) =>
      (await admin.fetchOffsets({ groupId: this.options.groupId, topics: this.topics })).flatMap(({ topic, partitions }) =>
        partitions.filter((p) => BigInt(p.offset) >= 0n).map((p) => `${topic}:${p.partition}@${p.offset}`),
      ),
    );
  }

  /** Events the group has not committed yet, over every partition it reads: its consumer lag. */
  lag(): Promise<number> {
    return this.withAdmin(async (admin) => {
      let lag = 0;
      for (const { topic, partitions } of await admin.fetchOffsets({ groupId: this.options.groupId, topics: this.topics })) {
        const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, p]));
        for (const { partition, offset } of partitions) {
          const end = ends.get(partition);
          if (!end) continue;
          // A partition the group never committed on is read from its first retained event.
          const from = BigInt(offset) >= 0n ? BigInt(offset) : BigInt(end.low);
          lag += Number(BigInt(end.high) - from);
        }
      }
      return lag;
    });
  }

  /** How many messages the topics hold (a reindex's expected total). */
  size(): Promise<number> {
    return this.withAdmin(async (admin) => {
      let total = 0;
      for (const topic of this.topics) for (const p of await admin.fetchTopicOffsets(topic)) total += Number(BigInt(p.high) - BigInt(p.low));
      return total;
    });
  }

  /** Forgets this consumer group (a finished reindex's replay group). */
  deleteGroup(): Promise<void> {
    return this.withAdmin((admin) => admin.deleteGroups([this.options.groupId]).then(() => undefined));
  }

  private async deadLetter(poison: { event: SourcedEvent; reason: string }[]): Promise<true> {
    await this.producer.send({
      topic: `${this.options.topicPrefix}${DEAD_LETTER_TOPIC}`,
      acks: -1,
      messages: poison.map(({ event, reason }) => ({
        key: event.origin.key ?? event.entityId,
        value: event.origin.value ?? JSON.stringify(event),
        headers: {
          'dead-letter-reason': reason,
          'original-topic': event.origin.topic,
          'original-partition': String(event.origin.partition ?? ''),
          'original-offset': event.origin.offset ?? '',
        },
      })),
    });
    for (const { event, reason } of poison) this.options.log.error({ origin: event.origin, reason }, 'poison event sent to the dead-letter topic');
    return true;
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.starting;
    await this.consumer.disconnect().catch(() => undefined);
    await this.producer.disconnect().catch(() => undefined);
  }
}
