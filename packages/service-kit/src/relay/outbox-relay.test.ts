import pino from 'pino';
import { createMetrics } from '../observability';
import { insertsOutboxRows, outboxCommitted } from '../outbox-commits';
import { OutboxRelay, type EventPublisher, type OutboxRow, type RelayDatabase } from './outbox-relay';

/** An outbox in memory behind the statements the relay sends; `lockFree` says whether no other replica holds it. */
function fakeOutbox() {
  const rows: (OutboxRow & { published: boolean })[] = [];
  const state = { lockFree: true, passes: 0, afterRead: null as (() => void) | null };
  const passed: (() => void)[] = [];
  const tx: RelayDatabase = {
    $transaction: (fn) => fn(tx),
    async $queryRawUnsafe<T>(sql: string): Promise<T> {
      if (sql.includes('pg_try_advisory_xact_lock')) return [{ locked: state.lockFree }] as T;
      const unpublished = rows.filter((r) => !r.published);
      state.afterRead?.();
      state.afterRead = null;
      return unpublished as T;
    },
    async $executeRawUnsafe(sql: string, ...values: unknown[]) {
      if (!sql.startsWith('UPDATE')) return 0;
      const ids = values[0] as string[];
      for (const row of rows) if (ids.includes(row.id)) row.published = true;
      return ids.length;
    },
  };
  const db: RelayDatabase = {
    ...tx,
    $transaction: async (fn) => {
      const result = await fn(tx);
      state.passes++;
      passed.splice(0).forEach((done) => done());
      return result;
    },
  };
  const add = (id: string) => rows.push({ id, topic: 't', type: 'x', entityId: id, entityVersion: 1, payload: {}, traceContext: null, published: false });
  /** Resolves after the relay's next pass over the outbox. */
  const nextPass = () => new Promise<void>((done) => passed.push(done));
  return { db, add, state, nextPass };
}

function recordingPublisher() {
  const sent: { id: string; at: number }[] = [];
  const waiting = new Map<string, () => void>();
  const publisher: EventPublisher = {
    async publish(events) {
      for (const event of events) {
        sent.push({ id: event.id, at: Date.now() });
        waiting.get(event.id)?.();
      }
    },
    close: async () => undefined,
  };
  const published = (id: string) => new Promise<void>((done) => (sent.some((s) => s.id === id) ? done() : waiting.set(id, done)));
  return { publisher, sent, published };
}

const relays: OutboxRelay[] = [];
afterEach(async () => {
  await Promise.all(relays.splice(0).map((relay) => relay.stop()));
});

function startRelay(schema: string, outbox: ReturnType<typeof fakeOutbox>, publisher: EventPublisher, timing: { pollMs: number; retryMs?: number }) {
  const relay = new OutboxRelay({ db: outbox.db, schema, publisher, log: pino({ level: 'silent' }), metrics: createMetrics(schema), ...timing });
  relays.push(relay);
  relay.start();
  return relay;
}

const HOUR = 3_600_000;

describe('outbox relay', () => {
  test('rows this process commits are published at once, not at the next poll (an hour away)', async () => {
    const outbox = fakeOutbox();
    const { publisher, published, sent } = recordingPublisher();
    const firstPass = outbox.nextPass();
    startRelay('relay_woken', outbox, publisher, { pollMs: HOUR });
    await firstPass;
    outbox.add('committed-here');
    const committedAt = Date.now();
    outboxCommitted('relay_woken');
    await published('committed-here');
    expect(sent[0].at - committedAt).toBeLessThan(1_000);
  });

  test('a commit announced while a pass is reading the outbox is published right after it', async () => {
    const outbox = fakeOutbox();
    const { publisher, published } = recordingPublisher();
    const firstPass = outbox.nextPass();
    startRelay('relay_during_pass', outbox, publisher, { pollMs: HOUR });
    await firstPass;
    // Committed and announced just after a pass (woken by an earlier commit) read the outbox.
    outbox.state.afterRead = () => {
      outbox.add('late-commit');
      outboxCommitted('relay_during_pass');
    };
    outbox.add('earlier-commit');
    outboxCommitted('relay_during_pass');
    await published('late-commit');
  });

  test('rows nobody announced (another replica, a crash, a CLI) are found by the poll', async () => {
    const outbox = fakeOutbox();
    const { publisher, published } = recordingPublisher();
    const firstPass = outbox.nextPass();
    startRelay('relay_polls', outbox, publisher, { pollMs: 50 });
    await firstPass;
    outbox.add('left-behind');
    await published('left-behind');
  });

  test('a commit of another schema does not wake the relay', async () => {
    const outbox = fakeOutbox();
    const { publisher, sent } = recordingPublisher();
    const firstPass = outbox.nextPass();
    startRelay('relay_own_schema', outbox, publisher, { pollMs: HOUR });
    await firstPass;
    outbox.add('other-schema');
    const passes = outbox.state.passes;
    outboxCommitted('some_other_schema');
    await new Promise((r) => setImmediate(r));
    expect(outbox.state.passes).toBe(passes);
    expect(sent).toEqual([]);
  });

  test('while another replica holds the outbox lock, rows committed here are tried again shortly', async () => {
    const outbox = fakeOutbox();
    const { publisher, published } = recordingPublisher();
    const firstPass = outbox.nextPass();
    startRelay('relay_contended', outbox, publisher, { pollMs: HOUR, retryMs: 20 });
    await firstPass;
    outbox.state.lockFree = false;
    outbox.add('contended');
    const refused = outbox.nextPass();
    outboxCommitted('relay_contended');
    await refused;
    outbox.state.lockFree = true;
    await published('contended');
  });
});

describe('insertsOutboxRows', () => {
  test.each([
    ['INSERT INTO "catalog"."OutboxEvent" ("id","topic") VALUES ($1,$2) RETURNING "id"', true],
    ['insert into "OutboxEvent" (id) values ($1)', true],
    ['INSERT INTO catalog."OutboxEvent" (id) VALUES ($1)', true],
    ['UPDATE "catalog"."OutboxEvent" SET "publishedAt" = now()', false],
    ['SELECT * FROM "catalog"."OutboxEvent"', false],
    ['INSERT INTO "catalog"."Title" ("id") VALUES ($1)', false],
  ])('%s → %s', (sql, expected) => {
    expect(insertsOutboxRows(sql)).toBe(expected);
  });
});
