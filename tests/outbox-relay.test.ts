import { Kafka, logLevel, type Consumer, type KafkaMessage } from 'kafkajs';
import { Client } from 'pg';
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
  await admin.createTopics({ topics: [{ topic: `${prefix}${topic}` }], waitForLeaders: true });
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
