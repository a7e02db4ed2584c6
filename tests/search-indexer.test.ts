/**
 * The indexer's two transports on real infrastructure: Kafka (its own topic prefix and consumer group,
 * writing to a real OpenSearch under its own index prefix) and the in-process outbox path (reading the
 * test system's outbox tables into the embedded engine).
 */
import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import { Client } from 'pg';
import pino from 'pino';
import { createTopicsWithLeaders, deleteRunTopics, ensureTopics } from '../packages/service-kit/src/relay/topics';
import { systemActor } from '../packages/service-kit/src/audit';
import { EmbeddedSearchEngine } from '../subgraphs/search/src/engines/embedded-engine';
import { OpenSearchEngine } from '../subgraphs/search/src/engines/opensearch-engine';
import type { SearchEngine } from '../subgraphs/search/src/engines/search-engine';
import { DEAD_LETTER_TOPIC, KafkaEventSource } from '../subgraphs/search/src/events/kafka-source';
import { OutboxEventSource } from '../subgraphs/search/src/events/outbox-source';
import { IndexerManager } from '../subgraphs/search/src/indexer-manager';
import { ReindexManager } from '../subgraphs/search/src/reindex-manager';
import { gql, sessionWithRoles } from './support/client';
import { TEST_DATABASE_URL } from './support/database';
import { id, searchRequest, titleEvent } from './support/search';
import { eventually } from './support/eventually';

const TEST_ACTOR = systemActor('search-indexer-test');

const log = pino({ level: 'silent' });
const brokers = (process.env.TEST_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const run = `idx-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const topicPrefix = `${run}.`;
const kafka = new Kafka({ clientId: 'search-indexer-test', brokers, logLevel: logLevel.NOTHING });

// Every topic this file made is under its run's prefix.
afterAll(() => deleteRunTopics(brokers, run));

const titlesFor = async (engine: SearchEngine, query: string) => (await engine.search(searchRequest(query))).hits.map((h) => h.title);

/** Sends events in the relay's format (service-kit KafkaPublisher), plus raw garbage when asked. */
async function publish(messages: { topic: string; key: string; value: string; version?: number }[]) {
  const producer = kafka.producer();
  await producer.connect();
  for (const m of messages) {
    await producer.send({
      topic: `${topicPrefix}${m.topic}`,
      messages: [{ key: m.key, value: m.value, headers: { 'entity-version': String(m.version ?? 0) } }],
    });
  }
  await producer.disconnect();
}

/**
 * An outbox table of its own in a new schema, shaped like the services' (the columns the reader selects), so a
 * test's replay reads only the rows it wrote and not the whole suite's outbox.
 */
async function createOutboxSchema(db: Client, prefix: string) {
  const schema = `${prefix}_${Math.random().toString(36).slice(2, 8).replace(/[0-9]/g, 'x')}`;
  await db.query(`CREATE SCHEMA "${schema}"`);
  await db.query(
    `CREATE TABLE "${schema}"."OutboxEvent" (id uuid DEFAULT gen_random_uuid(), sequence bigserial PRIMARY KEY, topic text, type text, "entityId" text, "entityVersion" int, payload jsonb)`,
  );
  return schema;
}

const asMessage = (e: ReturnType<typeof titleEvent>) => ({
  topic: e.topic,
  key: e.entityId,
  version: e.entityVersion,
  value: JSON.stringify({ type: e.type, entityId: e.entityId, entityVersion: e.entityVersion, payload: e.payload }),
});

describe('search indexer on Kafka + OpenSearch', () => {
  const engine = new OpenSearchEngine({ url: process.env.TEST_OPENSEARCH_URL ?? 'http://127.0.0.1:9200', prefix: `${run}-`, refresh: 'wait_for' });
  const groupId = `${run}-indexer`;
  let source: KafkaEventSource | null = null;
  const start = async () => {
    source = new KafkaEventSource({ brokers, topicPrefix, groupId, log });
    await new IndexerManager(engine, log).run(source);
  };

  beforeAll(() => engine.init());
  afterAll(async () => {
    await source?.stop();
    await engine.dropAll();
    await engine.close();
  });

  it('indexes events, dead-letters poison with the reason, commits offsets after the write, and resumes after a restart', async () => {
    const good = titleEvent({ id: id(), title: 'Kafka Borne Feature' }, 3);
    const badPayload = titleEvent({ id: id(), title: 'x' }, 3);
    (badPayload.payload as Record<string, unknown>).kind = 'PODCAST';
    await start();
    await publish([asMessage(badPayload), { topic: 'catalog.titles', key: 'junk', value: '{not json' }, asMessage(good)]);
    await eventually(async () => (await titlesFor(engine, 'kafka borne')).length === 1);

    // Poison went to the dead-letter topic with its reason and origin.
    const consumer = kafka.consumer({ groupId: `${run}-dlq-reader` });
    await consumer.connect();
    await consumer.subscribe({ topic: `${topicPrefix}${DEAD_LETTER_TOPIC}`, fromBeginning: true });
    const dead: KafkaMessage[] = [];
    await consumer.run({ eachMessage: async ({ message }) => void dead.push(message) });
    await eventually(async () => dead.length >= 2);
    await consumer.disconnect();
    const reasons = dead.map((m) => m.headers?.['dead-letter-reason']?.toString()).sort();
    expect(reasons).toEqual(['payload.kind "PODCAST" is not MOVIE, SERIES or EPISODE', 'the message value is not JSON']);
    expect(dead.every((m) => m.headers?.['original-topic']?.toString() === `${topicPrefix}catalog.titles`)).toBe(true);

    // Everything read, poison included, is committed.
    const admin = kafka.admin();
    await admin.connect();
    const committed = async () =>
      (await admin.fetchOffsets({ groupId, topics: [`${topicPrefix}catalog.titles`] }))[0].partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0); // -1: a partition nothing was committed on yet
    await eventually(async () => (await committed()) === 3);

    // A restart resumes from the committed offsets; a replayed older version changes nothing.
    await source!.stop();
    await publish([
      asMessage(titleEvent({ id: good.entityId, title: 'Stale Name' }, 2)),
      asMessage(titleEvent({ id: good.entityId, title: 'Kafka Borne Feature Renamed' }, 4)),
    ]);
    await start();
    await eventually(async () => (await titlesFor(engine, 'kafka borne'))[0] === 'Kafka Borne Feature Renamed');
    await eventually(async () => (await committed()) === 5);
    await admin.disconnect();
    expect(await titlesFor(engine, 'stale')).toEqual([]);
    expect(await engine.count()).toBe(1);
  });
});

describe('search indexer on the outbox (no Kafka) + the embedded engine', () => {
  it('follows committed outbox rows: a published title appears, an unpublished one goes', async () => {
    const editor = await sessionWithRoles(['EDITOR']);
    const engine = new EmbeddedSearchEngine();
    const source = new OutboxEventSource({ databaseUrl: TEST_DATABASE_URL, schemas: ['catalog', 'live', 'rights'], log, pollMs: 50 });
    await new IndexerManager(engine, log).run(source);
    try {
      const name = `Outboxed ${Date.now().toString(36)}`;
      const created = await gql<{ createMovie: { id: string } }>(
        `mutation($i: TitleInput!) { createMovie(input: $i) { id } }`,
        { i: { title: name } },
        { token: editor.accessToken },
      );
      const movieId = created.data!.createMovie.id;
      await gql(`mutation($id: ID!) { publishTitle(id: $id) { id } }`, { id: movieId }, { token: editor.accessToken });
      await eventually(async () => (await titlesFor(engine, name)).includes(name));
      await gql(`mutation($id: ID!) { unpublishTitle(id: $id) { id } }`, { id: movieId }, { token: editor.accessToken });
      await eventually(async () => !(await titlesFor(engine, name)).includes(name));
      // Other suites keep writing to the outboxes meanwhile: the reader keeps up with them.
      await eventually(() => source.caughtUp());
    } finally {
      await source.stop();
    }
  });
});

describe('reindex on the outbox path + the embedded engine', () => {
  it('replays every outbox row into a new index, swaps it in, and refuses a second job meanwhile', async () => {
    const editor = await sessionWithRoles(['EDITOR']);
    const name = `Reindexed ${Date.now().toString(36)}`;
    const created = await gql<{ createMovie: { id: string } }>(
      `mutation($i: TitleInput!) { createMovie(input: $i) { id } }`,
      { i: { title: name } },
      { token: editor.accessToken },
    );
    await gql(`mutation($id: ID!) { publishTitle(id: $id) { id } }`, { id: created.data!.createMovie.id }, { token: editor.accessToken });

    // An empty engine (as after a restart with nothing replayed yet): the reindex alone fills it.
    const engine = new EmbeddedSearchEngine();
    const source = () => new OutboxEventSource({ databaseUrl: TEST_DATABASE_URL, schemas: ['catalog', 'live', 'rights'], log, pollMs: 50 });
    const reindex = new ReindexManager(engine, source, log, 50);
    const job = await reindex.start(TEST_ACTOR);
    expect(job).toMatchObject({ status: 'RUNNING', processed: 0 });
    await expect(reindex.start(TEST_ACTOR)).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
    const done = await reindex.wait(job.id);
    expect(done).toMatchObject({ status: 'COMPLETED', error: null });
    expect(done!.processed).toBeGreaterThan(0);
    expect(done!.total).toBeGreaterThanOrEqual(done!.processed);
    expect(await titlesFor(engine, name)).toEqual([name]);
    // Done: a new job may start.
    const again = await reindex.start(TEST_ACTOR);
    expect((await reindex.wait(again.id))?.status).toBe('COMPLETED');
  });
});

describe('reindex jobs across search instances (OpenSearch)', () => {
  const url = process.env.TEST_OPENSEARCH_URL ?? 'http://127.0.0.1:9200';
  const prefix = `${run}-jobs-`;
  // Two instances of one deployment (same prefix), as two replicas of the search service.
  const [first, second] = [1, 2].map(() => new OpenSearchEngine({ url, prefix, refresh: 'wait_for' }));
  // The rebuilds replay an outbox of their own: the suite's catalog outbox grows with every other suite (the
  // seed test alone adds thousands of events), and replaying it took over a minute on a busy 2-core machine.
  const db = new Client({ connectionString: TEST_DATABASE_URL });
  let schema: string;
  const replayOf = () => ({ databaseUrl: TEST_DATABASE_URL, schemas: [schema], log, pollMs: 50 });
  const source = () => new OutboxEventSource(replayOf());
  // A replay of 25 rows can finish before a test has looked at it running: this one reports catching up only
  // once the test lets it.
  let letCatchUp!: () => void;
  const held = new Promise<void>((resolve) => (letCatchUp = resolve));
  class HeldOutboxSource extends OutboxEventSource {
    override async caughtUp() {
      await held;
      return super.caughtUp();
    }
  }
  const names = Array.from({ length: 25 }, (_, i) => `Rebuilt ${run} ${i}`);
  const titles = names.map((title) => titleEvent({ id: id(), title }));

  beforeAll(async () => {
    await db.connect();
    schema = await createOutboxSchema(db, 'search_jobs');
    for (const e of titles) {
      await db.query(`INSERT INTO "${schema}"."OutboxEvent" (topic, type, "entityId", "entityVersion", payload) VALUES ($1, $2, $3, $4, $5)`, [
        e.topic,
        e.type,
        e.entityId,
        e.entityVersion,
        JSON.stringify(e.payload),
      ]);
    }
    await first.init();
    await second.init();
  });

  afterAll(async () => {
    await first.dropAll();
    await Promise.all([first.close(), second.close()]);
    await db.query(`DROP SCHEMA "${schema}" CASCADE`);
    await db.end();
  });

  const indices = async () => Object.keys((await first.client.indices.get({ index: `${first.alias}-v*` })).body).sort();

  it('any instance reports a job; one runs at a time across them; an index left by a dead rebuild is dropped', async () => {
    // A rebuild that died (its process killed) leaves a half-built index behind.
    const crashed = new OpenSearchEngine({ url, prefix, refresh: 'wait_for' });
    const leftover = (await crashed.startRebuild()).name;
    await crashed.close();
    expect(await indices()).toContain(leftover);

    const onFirst = new ReindexManager(first, () => new HeldOutboxSource(replayOf()), log, 50);
    const onSecond = new ReindexManager(second, source, log, 50);
    const job = await onFirst.start(TEST_ACTOR);
    await expect(onSecond.start(TEST_ACTOR)).rejects.toMatchObject({ extensions: { code: 'CONFLICT', reason: 'REINDEX_RUNNING' } });
    expect(await onSecond.get(job.id)).toMatchObject({ id: job.id, status: 'RUNNING', index: job.index });
    expect(await indices()).not.toContain(leftover);

    letCatchUp();
    const done = await onFirst.wait(job.id);
    expect(done).toMatchObject({ status: 'COMPLETED', error: null });
    expect(await onSecond.get(job.id)).toEqual(done);
    expect(done!.processed).toBe(titles.length);
    expect(await titlesFor(second, names[7])).toContain(names[7]);
    const next = await onSecond.start(TEST_ACTOR);
    expect((await onSecond.wait(next.id))?.status).toBe('COMPLETED');
    expect(await indices()).toEqual([next.index]);
  });

  it('a job whose instance went silent is reported failed, and another instance takes over', async () => {
    const heartbeatAt = new Date(Date.now() - 60_000).toISOString();
    const ghost = {
      id: id(),
      status: 'RUNNING' as const,
      index: `${first.alias}-vghost`,
      processed: 3,
      total: 10,
      startedAt: heartbeatAt,
      finishedAt: null,
      error: null,
      heartbeatAt,
    };
    expect(await first.jobs.claim(ghost, 30_000)).toBe(true);
    const onSecond = new ReindexManager(second, source, log, 50);
    expect(await onSecond.get(ghost.id)).toMatchObject({
      status: 'FAILED',
      finishedAt: heartbeatAt,
      error: expect.stringMatching(/stopped before it finished/),
    });
    const job = await onSecond.start(TEST_ACTOR);
    expect((await onSecond.wait(job.id))?.status).toBe('COMPLETED');
  });
});

describe('outbox reader ordering', () => {
  let schema: string;
  const db = new Client({ connectionString: TEST_DATABASE_URL });
  const insert = (client: Client, entityId: string, sequence?: number) =>
    sequence === undefined
      ? client.query(
          `INSERT INTO "${schema}"."OutboxEvent" (topic, type, "entityId", "entityVersion", payload) VALUES ('catalog.titles', 'title.upserted', $1, 1, '{}')`,
          [entityId],
        )
      : client.query(
          `INSERT INTO "${schema}"."OutboxEvent" (sequence, topic, type, "entityId", "entityVersion", payload) VALUES ($1, 'catalog.titles', 'title.upserted', $2, 1, '{}')`,
          [sequence, entityId],
        );
  const handled: string[] = [];
  let source: OutboxEventSource;

  beforeAll(async () => {
    await db.connect();
    schema = await createOutboxSchema(db, 'search_gap');
    source = new OutboxEventSource({ databaseUrl: TEST_DATABASE_URL, schemas: [schema], log, pollMs: 30, gapGraceMs: 300 });
    await source.start(async (batch) => {
      handled.push(...batch.map((e) => e.entityId));
      return { poison: [] };
    });
  });
  afterAll(async () => {
    await source.stop();
    await db.query(`DROP SCHEMA "${schema}" CASCADE`);
    await db.end();
  });

  /** A transaction of its own that has drawn its sequence and holds it, like an import still parsing. */
  async function openTransaction(entityId: string) {
    const client = new Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    await client.query('BEGIN');
    await insert(client, entityId);
    const { rows } = await client.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid');
    return {
      xid: rows[0].xid,
      end: async (how: 'COMMIT' | 'ROLLBACK') => {
        await client.query(how);
        await client.end();
      },
    };
  }

  it('handles a row committed after a higher one', async () => {
    for (const seq of [1, 2, 4]) await insert(db, `e${seq}`, seq);
    await eventually(async () => handled.length === 3);
    // Everything committed so far is handled, though 3 is still in flight.
    expect(await source.caughtUp()).toBe(true);
    await insert(db, 'e3', 3); // the slower transaction commits
    await eventually(async () => handled.length === 4);
    await eventually(() => source.caughtUp());
    expect(handled).toEqual(['e1', 'e2', 'e4', 'e3']);
    // The rows above took their sequences by hand; the transactions below draw theirs after them.
    await db.query(`SELECT setval(pg_get_serial_sequence('"${schema}"."OutboxEvent"', 'sequence'), 4)`);
  });

  it('an import that commits long after its hole was noticed is still handled', async () => {
    handled.length = 0;
    const slowImport = await openTransaction('import');
    await insert(db, 'edit-during-import');
    await eventually(async () => handled.includes('edit-during-import'));
    // Past the grace, the reader knows the import holds the hole and waits for it rather than stepping over.
    await eventually(async () => source.holders(schema).includes(slowImport.xid));
    await insert(db, 'edit-while-waiting');
    await eventually(async () => handled.includes('edit-while-waiting'));
    expect(source.holders(schema)).toContain(slowImport.xid);

    await slowImport.end('COMMIT');
    await eventually(async () => handled.includes('import'));
    await eventually(() => source.caughtUp());
    expect(handled).toEqual(['edit-during-import', 'edit-while-waiting', 'import']);
    await eventually(async () => source.holders(schema).length === 0);
  });

  it('steps over a hole once the transaction that held it rolled back', async () => {
    handled.length = 0;
    const failed = await openTransaction('rolled-back');
    await insert(db, 'beside-the-rollback');
    await eventually(async () => source.holders(schema).includes(failed.xid));
    await failed.end('ROLLBACK');
    await eventually(async () => source.holders(schema).length === 0);
    await insert(db, 'after-the-rollback');
    await eventually(async () => handled.includes('after-the-rollback'));
    await eventually(() => source.caughtUp());
    expect(handled).toEqual(['beside-the-rollback', 'after-the-rollback']);
  });
});

describe('a rebuild from Kafka never switches the alias to an index built from a partial replay', () => {
  const url = process.env.TEST_OPENSEARCH_URL ?? 'http://127.0.0.1:9200';
  const engine = new OpenSearchEngine({ url, prefix: `${run}-gap-`, refresh: 'wait_for' });
  const admin = kafka.admin();

  beforeAll(async () => {
    await engine.init();
    await admin.connect();
  });

  afterAll(async () => {
    await admin.disconnect();
    await engine.dropAll();
    await engine.close();
  });

  const aliased = async () => Object.keys((await engine.client.indices.getAlias({ name: engine.alias })).body);

  /** Sends title events to `catalog.titles` under a topic prefix of the test's own. */
  async function send(prefix: string, titles: string[]) {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: `${prefix}catalog.titles`,
      messages: titles.map((title) => {
        const event = asMessage(titleEvent({ id: id(), title }, 1));
        return { key: event.key, value: event.value, headers: { 'entity-version': '1' } };
      }),
    });
    await producer.disconnect();
  }

  it('refuses when a partition lost its first events (a topic kept by retention, not compaction)', async () => {
    // An operator created the topic with a retention policy, and Kafka has deleted its oldest events.
    const prefix = `${run}-truncated.`;
    await createTopicsWithLeaders(admin, [
      { topic: `${prefix}catalog.titles`, numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'delete' }] },
    ]);
    await ensureTopics(admin, prefix);
    await send(prefix, ['Deleted By Retention', 'Kept By Retention']);
    // Right after the topic is created, its partition leader may not be known to the admin client yet.
    await eventually(() =>
      admin.deleteTopicRecords({ topic: `${prefix}catalog.titles`, partitions: [{ partition: 0, offset: '1' }] }).then(
        () => true,
        () => false,
      ),
    );
    expect(await admin.fetchTopicOffsets(`${prefix}catalog.titles`)).toMatchObject([{ partition: 0, low: '1', high: '2' }]);
    const before = await aliased();

    const reindex = new ReindexManager(
      engine,
      (jobId) => new KafkaEventSource({ brokers, topicPrefix: prefix, groupId: `${run}-reindex-${jobId}`, fromBeginning: true, log }),
      log,
      50,
    );
    const job = await reindex.start(TEST_ACTOR);
    expect(await reindex.wait(job.id)).toMatchObject({
      status: 'FAILED',
      error: `Refusing to switch the alias: ${prefix}catalog.titles partition 0 begins at offset 1: earlier events were deleted, so a replay would miss them`,
    });
    expect(await aliased()).toEqual(before);
    expect(await titlesFor(engine, 'retention')).toEqual([]);
  }, 120_000);

  it('refuses when the replay resumed from offsets its group had committed instead of each beginning', async () => {
    const prefix = `${run}-resumed.`;
    const groupId = `${run}-resumed-group`;
    await ensureTopics(admin, prefix);
    await send(prefix, ['Read Before The Rebuild']);
    // The group already read every title event (an indexer's group, say): its offsets are committed at the end.
    const ends = await admin.fetchTopicOffsets(`${prefix}catalog.titles`);
    await admin.setOffsets({ groupId, topic: `${prefix}catalog.titles`, partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })) });
    const before = await aliased();

    const reindex = new ReindexManager(engine, () => new KafkaEventSource({ brokers, topicPrefix: prefix, groupId, fromBeginning: true, log }), log, 50);
    const job = await reindex.start(TEST_ACTOR);
    const done = await reindex.wait(job.id);
    expect(done).toMatchObject({
      status: 'FAILED',
      error: expect.stringMatching(/^Refusing to switch the alias: the replay resumed from committed offsets \(.+\) instead of each partition's beginning$/),
    });
    expect(await aliased()).toEqual(before);
  }, 120_000);
});
