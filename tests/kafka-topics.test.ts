/** A run's Kafka topics go when the run ends: only those under its prefix, on the real broker. */
import { Kafka, logLevel } from 'kafkajs';
import { deleteTopics, topicConfigs } from '@tvstream/service-kit';

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

/** The broker's metadata shows a creation or deletion a moment after the controller has made it. */
async function topicsUnderOnceSettled(prefix: string, expected: number) {
  const deadline = Date.now() + 20_000;
  let topics = await topicsUnder(prefix);
  while (topics.length !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    topics = await topicsUnder(prefix);
  }
  return topics;
}

test("deleting a run's topics takes every topic under its prefix and leaves another run's", async () => {
  // Leaders are not waited for: kafkajs's wait asks for metadata the broker may not have yet on a busy machine.
  const created = (prefix: string) => [...topicConfigs(prefix, 1), { topic: `${prefix}catalog.retention` }];
  await admin.createTopics({ topics: [...created(finished), ...created(running)] });
  expect((await topicsUnderOnceSettled(finished, created(finished).length)).length).toBe(created(finished).length);
  expect((await topicsUnderOnceSettled(running, created(running).length)).length).toBe(created(running).length);

  await deleteTopics(admin, finished);
  expect(await topicsUnderOnceSettled(finished, 0)).toEqual([]);
  expect((await topicsUnder(running)).length).toBe(created(running).length);
});

test("an empty prefix is refused: the deployment's own topics are not a run's", async () => {
  await expect(deleteTopics(admin, '')).rejects.toThrow(/prefix/);
});
