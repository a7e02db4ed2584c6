import { Kafka, logLevel, type Producer } from 'kafkajs';
import type { EventPublisher, OutboxRow } from './outbox-relay';

/**
 * Kafka: one topic per domain (the event's topic, behind an optional prefix), the entity id as key so an
 * entity's events stay in one partition and in order, the event id, type and entity version in headers.
 */
export class KafkaPublisher implements EventPublisher {
  private readonly producer: Producer;
  private connected: Promise<void> | null = null;

  constructor(options: { brokers: string[]; clientId: string; topicPrefix?: string }, private readonly topicPrefix = options.topicPrefix ?? '') {
    const kafka = new Kafka({ clientId: options.clientId, brokers: options.brokers, logLevel: logLevel.NOTHING, retry: { retries: 2 } });
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: true });
  }

  async publish(events: OutboxRow[]): Promise<void> {
    this.connected ??= this.producer.connect().catch((error) => {
      this.connected = null;
      throw error;
    });
    await this.connected;
    const byTopic = new Map<string, OutboxRow[]>();
    for (const event of events) byTopic.set(event.topic, [...(byTopic.get(event.topic) ?? []), event]);
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, rows]) => ({
        topic: `${this.topicPrefix}${topic}`,
        messages: rows.map((row) => ({
          key: row.entityId,
          value: JSON.stringify({ type: row.type, entityId: row.entityId, entityVersion: row.entityVersion, payload: row.payload }),
          headers: { 'event-id': row.id, 'event-type': row.type, 'entity-version': String(row.entityVersion) },
        })),
      })),
    });
  }

  async close(): Promise<void> {
    if (this.connected) await this.producer.disconnect().catch(() => undefined);
  }
}
