/**
 * Following the services' change feed: every event on some domain topics (behind KAFKA_TOPIC_PREFIX), for a
 * process that reacts to changes without keeping anything (the gateway's public cache drops a subgraph's
 * answers on each of its events). Each follower reads every event (a consumer group of its own, nothing
 * committed) from the newest on, and is first told where every partition stands, so followers starting at
 * different moments agree on the latest offsets.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Kafka, logLevel } from 'kafkajs';
import { Counter } from 'prom-client';
import type { Logger } from 'pino';
import type { Metrics } from '../observability';

export interface ChangeFeedOptions {
  brokers: string[];
  topicPrefix?: string;
  /** Domain topics, without the prefix (topics.ts). */
  topics: string[];
  clientId: string;
  log: Logger;
  /** Counts the events followed, by topic (`change_feed_events_total`). */
  metrics?: Metrics;
  /** Something changed on `topic` (without the prefix): its latest event is at `offset` on `partition`. */
  onChange: (topic: string, partition: number, offset: bigint) => void;
}

export interface ChangeFeed {
  stop(): Promise<void>;
}

export async function followChanges(options: ChangeFeedOptions): Promise<ChangeFeed> {
  const { brokers, topicPrefix = '', log, onChange } = options;
  const kafka = new Kafka({ clientId: options.clientId, brokers, logLevel: logLevel.NOTHING, retry: { retries: 5 } });
  const topics = options.topics.map((topic) => `${topicPrefix}${topic}`);
  const domain = (topic: string) => topic.slice(topicPrefix.length);
  const registry = options.metrics?.registry;
  const events = registry
    ? ((registry.getSingleMetric('change_feed_events_total') as Counter<'topic'> | undefined) ??
      new Counter({ name: 'change_feed_events_total', help: 'Change-feed events followed, by topic', labelNames: ['topic'], registers: [registry] }))
    : null;
  const consumer = kafka.consumer({ groupId: `${options.clientId}-${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`, allowAutoTopicCreation: false });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: false });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      const last = batch.messages.at(-1);
      if (!last) return;
      onChange(domain(batch.topic), batch.partition, BigInt(last.offset));
      events?.inc({ topic: domain(batch.topic) }, batch.messages.length);
    },
  });
  await joined;
  // Where every partition stands now, read after joining so no event falls between the two.
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const topic of topics) {
      for (const { partition, high } of await admin.fetchTopicOffsets(topic)) {
        if (BigInt(high) > 0n) onChange(domain(topic), partition, BigInt(high) - 1n);
      }
    }
  } finally {
    await admin.disconnect();
  }
  log.info({ topics }, 'following the change feed');
  return { stop: () => consumer.disconnect() };
}
