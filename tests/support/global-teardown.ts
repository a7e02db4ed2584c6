import { deleteRunTopics } from '@tvstream/service-kit';
import type { RunningSystem } from '../../scripts/system';

export default async function globalTeardown() {
  const system = (globalThis as Record<string, unknown>).__TVSTREAM_SYSTEM__ as RunningSystem | undefined;
  await system?.stop();
  // This run's search indices (the prefix is the run's own; other runs' indices are left alone).
  const { TEST_OPENSEARCH_URL: url, TEST_OPENSEARCH_INDEX_PREFIX: prefix } = process.env;
  if (url && prefix) await fetch(`${url}/${prefix}*`, { method: 'DELETE' }).catch(() => undefined);
  // And its Kafka topics, likewise under a prefix of its own.
  const { TEST_KAFKA_BROKERS: brokers, TEST_KAFKA_TOPIC_PREFIX: topicPrefix } = process.env;
  if (brokers && topicPrefix)
    await deleteRunTopics(brokers.split(','), topicPrefix).catch((error: Error) => console.warn(`[teardown] this run's Kafka topics stay: ${error.message}`));
}
