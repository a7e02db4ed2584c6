import { Kafka, logLevel, type Consumer, type KafkaMessage } from 'kafkajs';
import { Client } from 'pg';
import pino from 'pino';
import { createMetrics, createTopicsWithLeaders, KafkaPublisher, OutboxRelay, prismaClientOptions, recordEvent } from '@tvstream/service-kit';
import { createCatalogDb } from '../subgraphs/catalog/src/data/client';
import { PrismaClient } from '../subgraphs/catalog/src/data/generated/client';
import { gql, register, sessionWithRoles } from './support/client';
import { TEST_DATABASE_URL } from './support/database';

const prefix = process.env.TEST_KAFKA_TOPIC_PREFIX!;
const kafka = new Kafka({ clientId: 'relay-test', brokers: process.env.TEST_KAFKA_BROKERS!.split(','), logLevel: logLevel.NOTHING });
const consumers: Consumer[] = [];

/** Reads a topic from the beginning until `enough` holds for the messages of one entity. */
async function messagesFor(topic: string, entityId: string, enough: (m: KafkaMessage[]) => boolean, timeoutMs = 20_000) {
  // The relay may not have published yet; make sure the topic exists before subscribing to it.
  const admin = kafka.admin();
  await admin.connect();
  await createTopicsWithLeaders(admin, [{ topic: `${prefix}${topic}` }]);
  await admin.disconnect();
  const consumer = kafka.consumer({ groupId: `relay-test-${Math.random().toString(36).slice(2)}` });
  consumers.push(consumer);
  await consumer.connect();
  await consumer.subscribe({ topic: `${prefix}${topic}`, fromBeginning: true });
  const found: KafkaMessage[] = [];
  return new Promise<KafkaMessage[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no complete set of messages for ${entityId} on ${topic}: saw ${found.length}`)), timeoutMs);
    void consumer.run({
      eachMessage: async ({ message }) => {
        if (message.key?.toString() !== entityId) return;
        found.push(message);
        if (enough(found)) {
          clearTimeout(timer);
          resolve(found);
        }
      },
    });
  });
}

afterAll(async () => {
  await Promise.all(consumers.map((c) => c.disconnect()));
});

const header = (m: KafkaMessage, name: string) => m.headers?.[name]?.toString();

describe('outbox relay to Kafka', () => {
  test('a new account is published on identity.users, keyed by the user, and marked sent', async () => {
    const session = await register();
    const [message] = await messagesFor('identity.users', session.user.id, (m) => m.length >= 1);
    expect(header(message, 'event-type')).toBe('user.created');
    expect(header(message, 'entity-version')).toBe('1');
    expect(header(message, 'event-id')).toMatch(/^[0-9a-f-]{36}$/);
    const body = JSON.parse(message.value!.toString());
    expect(body.payload).toEqual({ id: session.user.id, email: session.user.email, displayName: 'Test Viewer', roles: ['VIEWER'], disabled: false });
    expect(JSON.stringify(body)).not.toMatch(/passwordHash|scrypt/);

    const db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    try {
      // The relay marks the row sent in the transaction that published it, which may commit a moment after
      // the consumer sees the message.
      const sentAt = async () => {
        for (let attempt = 0; attempt < 50; attempt++) {
          const { rows } = await db.query(`SELECT "publishedAt" FROM identity."OutboxEvent" WHERE "entityId" = $1`, [session.user.id]);
          expect(rows).toHaveLength(1);
          if (rows[0].publishedAt) return rows[0].publishedAt;
          await new Promise((r) => setTimeout(r, 100));
        }
        return null;
      };
      expect(await sentAt()).toBeInstanceOf(Date);
    } finally {
      await db.end();
    }
  });

  test('an entity’s events arrive in version order', async () => {
    const editor = await sessionWithRoles(['EDITOR']);
    const created = await gql(`mutation { createMovie(input: { title: "Relay order ${Date.now()}" }) { id } }`, {}, { token: editor.accessToken });
    const id = created.data!.createMovie.id;
    await gql(`mutation($id: ID!) { publishTitle(id: $id) { id } }`, { id }, { token: editor.accessToken });
    await gql(`mutation($id: ID!) { updateTitle(id: $id, input: { synopsis: "Now with a synopsis" }) { id } }`, { id }, { token: editor.accessToken });
    await gql(`mutation($id: ID!) { deleteTitle(id: $id) }`, { id }, { token: editor.accessToken });
    const messages = await messagesFor('catalog.titles', id, (m) => m.length >= 4);
    expect(messages.map((m) => [header(m, 'event-type'), header(m, 'entity-version')])).toEqual([
      ['title.upserted', '1'],
      ['title.upserted', '2'],
      ['title.upserted', '3'],
      ['title.deleted', '4'],
    ]);
  });
});

describe('outbox relay woken by commits', () => {
  test('an event this process commits is on Kafka at once, long before the relay would poll again', async () => {
    // An outbox of its own, so no running service's relay (which polls) can publish these rows instead.
    const schema = 'relay_wake_test';
    const topic = 'test.relay-woken';
    const pg = new Client({ connectionString: TEST_DATABASE_URL });
    await pg.connect();
    await pg.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pg.query(`CREATE SCHEMA ${schema}`);
    await pg.query(`CREATE TABLE ${schema}."OutboxEvent" (LIKE catalog."OutboxEvent" INCLUDING ALL)`);
    const admin = kafka.admin();
    await admin.connect();
    await createTopicsWithLeaders(admin, [{ topic: `${prefix}${topic}` }]);
    await admin.disconnect();
    // The catalog's client on that schema: its `outboxEvent` is all this test uses.
    const db = new PrismaClient(prismaClientOptions(TEST_DATABASE_URL, schema));
    const relay = new OutboxRelay({
      db,
      schema,
      publisher: new KafkaPublisher({ brokers: process.env.TEST_KAFKA_BROKERS!.split(','), clientId: 'relay-wake-test', topicPrefix: prefix }),
      log: pino({ level: 'silent' }),
      metrics: createMetrics('relay-wake-test'),
      pollMs: 10 * 60_000,
    });
    const commit = (entityId: string) => db.$transaction((tx) => recordEvent(tx, { topic, type: 'relay.woken', entityId, entityVersion: 1, payload: {} }));
    const run = Date.now().toString(36);
    try {
      // The first poll publishes what was there (and connects the producer); the next is ten minutes away.
      await commit(`before-start-${run}`);
      relay.start();
      await messagesFor(topic, `before-start-${run}`, (m) => m.length >= 1);
      const committedAt = Date.now();
      await commit(`after-start-${run}`);
      await messagesFor(topic, `after-start-${run}`, (m) => m.length >= 1, 30_000);
      expect(Date.now() - committedAt).toBeLessThan(30_000);
    } finally {
      await relay.stop();
      await db.$disconnect();
      await pg.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await pg.end();
    }
  });
});

describe('outbox retention', () => {
  test('published events past the retention window are pruned and counted; unpublished and recent ones stay', async () => {
    const db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    const catalog = createCatalogDb(TEST_DATABASE_URL);
    const metrics = createMetrics('relay-retention-test');
    const relay = new OutboxRelay({
      db: catalog,
      schema: 'catalog',
      publisher: new KafkaPublisher({ brokers: process.env.TEST_KAFKA_BROKERS!.split(','), clientId: 'relay-retention-test', topicPrefix: prefix }),
      log: pino({ level: 'silent' }),
      metrics,
      retentionSeconds: 24 * 3600,
    });
    const entity = `retention-${Date.now().toString(36)}`;
    const row = (publishedAt: string | null, label: string) =>
      db.query<{ id: string }>(
        `INSERT INTO catalog."OutboxEvent" (id, topic, type, "entityId", "entityVersion", payload, "createdAt", "publishedAt")
         VALUES (gen_random_uuid(), 'catalog.retention', 'retention.checked', $1, 1, $2, now() - interval '3 days', ${publishedAt ?? 'NULL'}) RETURNING id`,
        [entity, JSON.stringify({ label })],
      );
    try {
      await row(`now() - interval '2 days'`, 'published long ago');
      await row(`now() - interval '1 hour'`, 'published recently');
      await row(null, 'never published');
      // The running catalog relay may publish the third row meanwhile: it then counts as published just now.
      expect(await relay.pruneOnce()).toBeGreaterThanOrEqual(1);
      const { rows } = await db.query(`SELECT payload->>'label' AS label FROM catalog."OutboxEvent" WHERE "entityId" = $1 ORDER BY label`, [entity]);
      expect(rows.map((r) => r.label)).toEqual(['never published', 'published recently']);
      expect(await metrics.registry.getSingleMetricAsString('outbox_pruned_total')).toMatch(/^outbox_pruned_total({[^}]*})? [1-9]/m);
    } finally {
      await db.query(`DELETE FROM catalog."OutboxEvent" WHERE "entityId" = $1`, [entity]);
      await relay.stop();
      await catalog.$disconnect();
      await db.end();
    }
  });

  test('each service exports the pruning counter', async () => {
    const text = await (await fetch(new URL('/metrics', process.env.SUBGRAPH_CATALOG_URL))).text();
    expect(text).toMatch(/^# TYPE outbox_pruned_total counter$/m);
  });
});
