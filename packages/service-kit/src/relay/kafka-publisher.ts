import { Kafka, logLevel, type Producer } from 'kafkajs';
import { ensureTopics } from './topics';
import { endSpan, startMessagingSpan, traceContextFrom, traceHeaders } from '../tracing';
import type { EventPublisher, OutboxRow } from './outbox-relay';

/**
 * Kafka: one topic per domain (the event's topic, behind an optional prefix), the entity id as key so an
 * entity's events stay in one partition and in order, the event id, type and entity version in headers.
 * Each message gets a publish span in the trace of the request that committed it, and carries that span
 * as its `traceparent` header, so consumers continue the same trace.
 */
export class KafkaPublisher implements EventPublisher {
  private readonly kafka: Kafka;
  private producer: Producer | null = null;
  private connected: Promise<void> | null = null;

  constructor(
    options: { brokers: string[]; clientId: string; topicPrefix?: string },
    private readonly topicPrefix = options.topicPrefix ?? '',
  ) {
    this.kafka = new Kafka({ clientId: options.clientId, brokers: options.brokers, logLevel: logLevel.NOTHING, retry: { retries: 2 } });
  }

  async publish(events: OutboxRow[]): Promise<void> {
    const producer = await this.connectedProducer();
    const byTopic = new Map<string, OutboxRow[]>();
    for (const event of events) byTopic.set(event.topic, [...(byTopic.get(event.topic) ?? []), event]);
    const spans = events.map((row) => {
      const parent = traceContextFrom(row.traceContext);
      const span = startMessagingSpan('publish', `${this.topicPrefix}${row.topic}`, parent, {
        'messaging.message.id': row.id,
        'messaging.kafka.message.key': row.entityId,
      });
      return { row, span, headers: traceHeaders(span, parent) };
    });
    const headersOf = new Map(spans.map(({ row, headers }) => [row, headers]));
    try {
      await producer.sendBatch({
        acks: -1,
        topicMessages: [...byTopic].map(([topic, rows]) => ({
          topic: `${this.topicPrefix}${topic}`,
          messages: rows.map((row) => ({
            key: row.entityId,
            value: JSON.stringify({ type: row.type, entityId: row.entityId, entityVersion: row.entityVersion, payload: row.payload }),
            headers: { 'event-id': row.id, 'event-type': row.type, 'entity-version': String(row.entityVersion), ...headersOf.get(row) },
          })),
        })),
      });
      for (const { span } of spans) endSpan(span);
    } catch (error) {
      for (const { span } of spans) endSpan(span, error);
      // After a broker restart an idempotent producer can be refused for good (OUT_OF_ORDER_SEQUENCE_NUMBER,
      // UNKNOWN_PRODUCER_ID): the next attempt starts a new producer, with a new id and fresh sequences.
      // The relay resends the unmarked rows; consumers already ignore duplicates by entity version.
      await this.reset();
      throw error;
    }
  }

  private async createTopics(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, this.topicPrefix);
    } finally {
      await admin.disconnect();
    }
  }

  async close(): Promise<void> {
    await this.reset();
  }

  private connectedProducer(): Promise<Producer> {
    // Topics are the project's (topics.ts), with their partitions and compaction, never the broker's defaults.
    this.producer ??= this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    const producer = this.producer;
    this.connected ??= this.createTopics()
      .then(() => producer.connect())
      .catch(async (error) => {
        await this.reset();
        throw error;
      });
    return this.connected.then(() => producer);
  }

  private async reset(): Promise<void> {
    const producer = this.producer;
    this.producer = null;
    this.connected = null;
    await producer?.disconnect().catch(() => undefined);
  }
}
