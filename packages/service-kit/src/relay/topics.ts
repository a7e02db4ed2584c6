/**
 * The Kafka topics the services publish, created by the project rather than by the broker's defaults.
 * Each is keyed by entity id and compacted (`cleanup.policy=compact`): Kafka keeps at least the latest
 * event of every entity for ever, so a search rebuild can replay a topic from its beginning and end with
 * every entity's current state. Busy domains get several partitions (an entity's events stay in one, in
 * order) so several indexer replicas can share them; the replication factor comes from
 * `KAFKA_REPLICATION_FACTOR` (1 on a single broker, 3 in production).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel, type Admin, type ITopicConfig } from 'kafkajs';

export const TOPIC_PARTITIONS: Record<string, number> = {
  'identity.users': 3,
  'catalog.titles': 6,
  'catalog.collections': 1,
  'live.channels': 1,
  'live.programmes': 6,
  'rights.packages': 1,
  'rights.products': 1,
  'rights.subscriptions': 3,
  'rights.purchases': 3,
  'rights.entitlements': 6,
};

/** Events the search indexer could not use: kept for a week for someone to look at, not compacted. */
export const DEAD_LETTER_TOPIC = 'search.dead-letter';
const DEAD_LETTER_RETENTION_MS = String(7 * 24 * 3600 * 1000);

export function topicConfigs(prefix: string, replicationFactor: number): ITopicConfig[] {
  const domain = Object.entries(TOPIC_PARTITIONS).map(([topic, numPartitions]) => ({
    topic: `${prefix}${topic}`,
    numPartitions,
    replicationFactor,
    configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
  }));
  const deadLetter = {
    topic: `${prefix}${DEAD_LETTER_TOPIC}`,
    numPartitions: 1,
    replicationFactor,
    configEntries: [
      { name: 'cleanup.policy', value: 'delete' },
      { name: 'retention.ms', value: DEAD_LETTER_RETENTION_MS },
    ],
  };
  return [...domain, deadLetter];
}

export const replicationFactorFrom = (env: NodeJS.ProcessEnv = process.env) => Number(env.KAFKA_REPLICATION_FACTOR || 1);

/** Creates the topics that do not exist yet; existing ones are left as they are (repartitioning moves keys). */
export async function ensureTopics(admin: Admin, prefix: string, replicationFactor = replicationFactorFrom()): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = topicConfigs(prefix, replicationFactor).filter((t) => !existing.has(t.topic));
  if (missing.length) await createTopicsWithLeaders(admin, missing);
}

/**
 * Creates topics (those that exist already are left alone) and waits until every partition of each has a
 * leader, so a producer or consumer can use them at once. kafkajs's own wait (`waitForLeaders`) gives up on the
 * UNKNOWN_TOPIC_OR_PARTITION a busy broker answers for a moment after creating a topic; this one asks again.
 */
export async function createTopicsWithLeaders(admin: Admin, topics: ITopicConfig[], timeoutMs = 30_000): Promise<void> {
  await admin.createTopics({ topics, waitForLeaders: false });
  const names = topics.map((t) => t.topic);
  const deadline = Date.now() + timeoutMs;
  while (!(await allLed(admin, names))) {
    if (Date.now() > deadline) throw new Error(`Kafka elected no leader for every partition of ${names.join(', ')} within ${timeoutMs} ms`);
    await sleep(200);
  }
}

async function allLed(admin: Admin, names: string[]): Promise<boolean> {
  try {
    const { topics } = await admin.fetchTopicMetadata({ topics: names });
    if (topics.length !== names.length || !topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return false;
    // The metadata names a leader before that broker acts as one; offsets are answered by the leader itself.
    for (const name of names) await admin.fetchTopicOffsets(name);
    return true;
  } catch {
    // The broker does not know the topic yet (UNKNOWN_TOPIC_OR_PARTITION) or its leader is not serving it yet.
    return false;
  }
}

/**
 * Deletes every topic under a run's prefix (a test or benchmark run publishes under one of its own), leaving
 * other runs' topics and the unprefixed topics of a deployment alone.
 */
export async function deleteTopics(admin: Admin, prefix: string): Promise<void> {
  if (!prefix) throw new Error('deleteTopics needs the prefix of a run; unprefixed topics are the deployment’s');
  const ours = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
  if (ours.length) await admin.deleteTopics({ topics: ours });
}

/** `deleteTopics` on a connection of its own, for the end of a test or benchmark run. */
export async function deleteRunTopics(brokers: string[], prefix: string): Promise<void> {
  const admin = new Kafka({ clientId: 'run-cleanup', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await deleteTopics(admin, prefix);
  } finally {
    await admin.disconnect();
  }
}
