import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { register } from './support/client';
import { sqlRows } from './support/database';
import { eventually } from './support/eventually';

/**
 * The suite's services print no Node warnings (`(node:<pid>) SomeWarning: …` on stderr): not at start, and not
 * once their outbox relays have published to Kafka (kafkajs 2.2.4 scheduled a negative timeout there, a
 * TimeoutNegativeWarning on Node 24, until patches/kafkajs+2.2.4.patch).
 */
const SERVICES = ['identity', 'catalog', 'live', 'rights', 'search', 'gateway', 'web'];
const NODE_WARNING = /^\(node:\d+\) (?:\[\w+\] )?\w*Warning: .*$/gm;

/** Waits until identity's relay has published the account's event to Kafka (the producer had its answer). */
async function published(userId: string) {
  await eventually(
    async () => {
      const [event] = await sqlRows<{ publishedAt: Date | null }>(
        `SELECT "publishedAt" FROM identity."OutboxEvent" WHERE "entityId" = $1 ORDER BY sequence LIMIT 1`,
        [userId],
      );
      return event?.publishedAt;
    },
    30_000,
    'identity’s relay to publish the account’s event',
  );
}

test('no service printed a Node warning, after starting and after publishing to Kafka', async () => {
  // identity's relay publishes the account's event to Kafka: its producer is connected and has sent.
  await published((await register()).user.id);
  // The producer's request queue schedules its check once an answer is in: a second event published after the
  // first means the first answer's check was scheduled (and any warning printed) before it.
  await published((await register()).user.id);
  const warnings = Object.fromEntries(
    SERVICES.map((service) => [service, readFileSync(join(process.env.TEST_LOG_DIR!, `${service}.log`), 'utf8').match(NODE_WARNING) ?? []]),
  );
  expect(warnings).toEqual(Object.fromEntries(SERVICES.map((service) => [service, []])));
});
