/** The project's Kafka topics on the real broker: created ready for use, and a run's go when the run ends. */
import { Kafka, logLevel } from 'kafkajs';
import { createTopicsWithLeaders, deleteTopics, ensureTopics, topicConfigs } from '@tvstream/service-kit';
import { eventually } from './support/eventually';

const kafka = new Kafka({
  clientId: 'kafka-topics-test',
  brokers: (process.env.TEST_KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  logLevel: logLevel.NOTHING,
});
const admin = kafka.admin();
const run = `topics-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const [finished, running] = [`${run}-finished.`, `${run}-running.`];

beforeAll(() => admin.connect());
afterAll(async () => {
  await deleteTopics(admin, run);
  await admin.disconnect();
});

const topicsUnder = async (prefix: string) => (await admin.listTopics()).filter((t) => t.startsWith(prefix)).sort();

/** The broker's metadata shows a deletion a moment after the controller has made it. */
const topicsUnderOnceSettled = (prefix: string, expected: number) =>
  eventually(
    async () => {
      const topics = await topicsUnder(prefix);
      return topics.length === expected && topics;
    },
    20_000,
    `${expected} topics under ${prefix}`,
  );

test('ensureTopics returns once every partition of every topic has a leader, and leaves existing topics alone', async () => {
  const prefix = `${run}-ensured.`;
  await Promise.all([ensureTopics(admin, prefix, 1), ensureTopics(admin, prefix, 1)]);
  const expected = topicConfigs(prefix, 1);
  const { topics } = await admin.fetchTopicMetadata({ topics: expected.map((t) => t.topic) });
  expect(topics.map((t) => [t.name, t.partitions.length]).sort()).toEqual(expected.map((t) => [t.topic, t.numPartitions]).sort());
  expect(topics.flatMap((t) => t.partitions).every((p) => p.leader >= 0)).toBe(true);
  // Offsets are answered by each partition's leader: they are readable at once.
  expect(await admin.fetchTopicOffsets(`${prefix}live.programmes`)).toHaveLength(6);
  await expect(ensureTopics(admin, prefix, 1)).resolves.toBeUndefined();
});

test("deleting a run's topics takes every topic under its prefix and leaves another run's", async () => {
  const created = (prefix: string) => [...topicConfigs(prefix, 1), { topic: `${prefix}catalog.retention` }];
  await createTopicsWithLeaders(admin, [...created(finished), ...created(running)]);
  expect((await topicsUnder(finished)).length).toBe(created(finished).length);
  expect((await topicsUnder(running)).length).toBe(created(running).length);

  await deleteTopics(admin, finished);
  expect(await topicsUnderOnceSettled(finished, 0)).toEqual([]);
  expect((await topicsUnder(running)).length).toBe(created(running).length);
});

test("an empty prefix is refused: the deployment's own topics are not a run's", async () => {
  await expect(deleteTopics(admin, '')).rejects.toThrow(/prefix/);
});
