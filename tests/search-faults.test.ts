import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { startSystem, type RunningSystem } from '../scripts/system';
import { SigningKeySet } from '../subgraphs/identity/src/domain/signing-keys';
import { SEARCH_TOPICS } from '../subgraphs/search/src/domain/documents';
import { gql } from './support/client';
import { recreateDatabase, sqlRows, TEST_DATABASE_URL } from './support/database';
import { PORT_OFFSETS, testPort } from './support/ports';

// In two runs of session 9 (one a clean-clone CI) the OpenSearch this suite restarts exited about a second into
// its start-up with nothing in its logs, and the two tests after it found no OpenSearch. engines.sh now keeps a
// watcher as each engine's parent, so such a failure reports the engine's exit status (or the signal that
// killed it) beside the tail of its output. Until the cause is known, a failed test is retried once, and the
// first failure, with that report, stays in the log.
jest.retryTimes(1, { logErrorsBeforeRetry: true });

/**
 * Faults on real engines: Kafka stopped, OpenSearch stopped, the indexer killed with SIGKILL, each during
 * 1,000 catalog edits; afterwards the index must hold exactly what the catalog database holds. Then a
 * replay of every event from the beginning must change nothing. This suite runs its own Kafka and
 * OpenSearch (scripts/engines with a state folder and ports of its own) and its own identity + catalog +
 * indexer, so stopping engines never disturbs the suites running beside it.
 */

const ROOT = resolve(__dirname, '..');
const run = promisify(execFile);
const offset = (Number(process.env.TEST_BASE_PORT ?? 4100) - 4100) / 10;
const KAFKA = `127.0.0.1:${19092 + offset}`;
const OPENSEARCH = `http://127.0.0.1:${19200 + offset}`;
const TOPIC_PREFIX = 'faults.';
const INDEX_PREFIX = 'faults-';
const ALIAS = `${INDEX_PREFIX}search`;
const engineEnv = {
  ...process.env,
  ENGINES_STATE_DIR: resolve(process.env.ENGINES_DIR ?? resolve(ROOT, '.engines'), `faults-${offset}`),
  KAFKA_PORT: String(19092 + offset),
  KAFKA_CONTROLLER_PORT: String(19093 + offset),
  OPENSEARCH_PORT: String(19200 + offset),
  OPENSEARCH_TRANSPORT_PORT: String(19300 + offset),
};
const logDir = resolve(ROOT, '.data', 'test-logs', 'faults');
const databaseUrl = (() => {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `${url.pathname}_faults`;
  return url.toString();
})();

const engines = (command: string, engine: 'kafka' | 'opensearch') =>
  run('bash', [resolve(ROOT, 'scripts/engines/engines.sh'), command, engine], { env: engineEnv, maxBuffer: 1 << 24 });

let system: RunningSystem;
let token: string;
let indexer: ChildProcess | null = null;
const titleIds: string[] = [];

function startIndexer(group = 'faults-indexer'): ChildProcess {
  mkdirSync(logDir, { recursive: true });
  const out = openSync(resolve(logDir, `${group}.log`), 'a');
  return spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'subgraphs/search/src/indexer.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: KAFKA,
      KAFKA_TOPIC_PREFIX: TOPIC_PREFIX,
      SEARCH_INDEXER_GROUP: group,
      SEARCH_INDEXER_PORT: '0',
      OPENSEARCH_URL: OPENSEARCH,
      OPENSEARCH_INDEX_PREFIX: INDEX_PREFIX,
    },
    stdio: ['ignore', out, out],
  });
}

async function stopIndexer(signal: NodeJS.Signals) {
  const child = indexer;
  indexer = null;
  if (!child || child.exitCode !== null) return;
  await new Promise<void>((done) => {
    child.once('exit', () => done());
    child.kill(signal);
  });
}

async function catalog<D = Record<string, any>>(query: string, variables: Record<string, unknown>): Promise<D> {
  const res = await gql<D>(query, variables, { token, url: system.urls.catalog });
  if (res.errors || !res.data) throw new Error(`catalog write failed: ${JSON.stringify(res.errors)}`);
  return res.data;
}

const sql = <R extends Record<string, unknown>>(text: string, params: unknown[] = []) => sqlRows<R>(text, params, databaseUrl);

/**
 * 1,000 edits of the test titles, 8 at a time: renames (80 %), unpublishes and publishes (10 % each). `fault` runs once
 * the first 150 have committed, while the rest keep going.
 */
async function editStorm(fault: () => Promise<void>): Promise<void> {
  let next = 0;
  const faulted: Promise<void>[] = [];
  const worker = async () => {
    while (next < 1000) {
      const n = next++;
      if (n === 150) faulted.push(fault());
      const id = titleIds[Math.floor(Math.random() * titleIds.length)];
      const dice = Math.random();
      if (dice < 0.8)
        await catalog(`mutation($id: ID!, $i: TitleInput!) { updateTitle(id: $id, input: $i) { id } }`, { id, i: { title: `Edit ${n} of ${id.slice(0, 8)}` } });
      else {
        // Publishing a published title (or unpublishing a draft) is a CONFLICT that changes nothing.
        const res = await gql(
          `mutation($id: ID!) { ${dice < 0.9 ? 'unpublishTitle' : 'publishTitle'}(id: $id) { id } }`,
          { id },
          { token, url: system.urls.catalog },
        );
        if (res.errors && res.errors[0].extensions?.code !== 'CONFLICT') throw new Error(`catalog write failed: ${JSON.stringify(res.errors)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  await Promise.all(faulted);
}

interface IndexedTitle {
  title: string | null;
  version: number;
}

/** What the catalog database says search should hold: published titles with their text and version. */
async function databaseState(): Promise<Record<string, IndexedTitle>> {
  const rows = await sql<{ id: string; title: string; status: string; version: number }>(
    `SELECT id::text, title, status::text, version FROM catalog."Title" WHERE id = ANY($1::uuid[])`,
    [titleIds],
  );
  return Object.fromEntries(rows.filter((r) => r.status === 'PUBLISHED').map((r) => [r.id, { title: r.title, version: r.version }]));
}

/** The live (non-tombstone) documents for the test titles in the index behind the alias. */
async function indexState(includeTombstones = false): Promise<Record<string, IndexedTitle>> {
  const filter: object[] = [{ terms: { id: titleIds } }];
  if (!includeTombstones) filter.push({ term: { deleted: false } });
  for (let attempt = 0; ; attempt++) {
    await fetch(`${OPENSEARCH}/${ALIAS}/_refresh`, { method: 'POST' });
    const res = await fetch(`${OPENSEARCH}/${ALIAS}/_search`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ size: 10_000, version: true, query: { bool: { filter } }, _source: ['id', 'title', 'deleted'] }),
    });
    if (res.status === 404) return {}; // the indexer has not created the index yet
    const body = (await res.json()) as { hits?: { hits: { _version: number; _source: { id: string; title?: string; deleted: boolean } }[] } };
    if (body.hits)
      return Object.fromEntries(
        body.hits.hits.map((h) => [h._source.id, { title: h._source.deleted ? null : (h._source.title ?? null), version: h._version }]),
      );
    // 503 while a new index's shard (or a restarted node's) is still being allocated.
    if (res.status !== 503 || attempt >= 60) throw new Error(`OpenSearch search failed: ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Waits for the index to match the database; on timeout the assertion shows the difference. */
async function expectConverged(timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  let expected = await databaseState();
  let actual = await indexState();
  while (JSON.stringify(sorted(actual)) !== JSON.stringify(sorted(expected)) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 1000));
    [expected, actual] = [await databaseState(), await indexState()];
  }
  expect(sorted(actual)).toEqual(sorted(expected));
}

const sorted = (state: Record<string, IndexedTitle>) => Object.fromEntries(Object.entries(state).sort(([a], [b]) => a.localeCompare(b)));

const backlogMetric = async () => {
  const metrics = await (await fetch(new URL('/metrics', system.urls.catalog))).text();
  return Number(/^outbox_backlog(?:\{[^}]*\})? (\d+)/m.exec(metrics)?.[1] ?? Number.NaN);
};

const unpublishedOutbox = async () => Number((await sql<{ n: string }>(`SELECT count(*) AS n FROM catalog."OutboxEvent" WHERE "publishedAt" IS NULL`))[0].n);

beforeAll(async () => {
  await engines('reset', 'kafka');
  await engines('reset', 'opensearch');
  await Promise.all([engines('up', 'kafka'), engines('up', 'opensearch')]);
  await recreateDatabase(databaseUrl);
  // Prisma's wasm engine is ESM that Jest's module system cannot load: migrations run as the CLI does.
  await run(process.execPath, ['--import', 'tsx', resolve(ROOT, 'prisma/migrate.ts'), 'deploy'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
  const admin = { email: 'faults-admin@tests.tvstream.dev', password: 'fault tests administrator' };
  system = await startSystem({
    basePort: testPort(PORT_OFFSETS.searchFaults),
    only: ['identity', 'catalog'],
    logDir,
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      IDENTITY_SIGNING_KEYS: JSON.stringify([SigningKeySet.generate()]),
      BOOTSTRAP_ADMIN_EMAIL: admin.email,
      BOOTSTRAP_ADMIN_PASSWORD: admin.password,
      PASSWORD_SCRYPT_N: '4096',
      KAFKA_BROKERS: KAFKA,
      KAFKA_TOPIC_PREFIX: TOPIC_PREFIX,
    },
  });
  const login = await gql<{ login: { accessToken: string } }>(
    `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`,
    { e: admin.email, p: admin.password },
    { url: system.urls.identity },
  );
  token = login.data!.login.accessToken;
  for (let i = 0; i < 60; i++) {
    const { createMovie } = await catalog<{ createMovie: { id: string } }>(`mutation($i: TitleInput!) { createMovie(input: $i) { id } }`, {
      i: { title: `Fault title ${i}`, releaseYear: 2000 + (i % 20) },
    });
    await catalog(`mutation($id: ID!) { publishTitle(id: $id) { id } }`, { id: createMovie.id });
    titleIds.push(createMovie.id);
  }
  indexer = startIndexer();
  await expectConverged();
}, 300_000);

afterAll(async () => {
  await stopIndexer('SIGTERM');
  await system?.stop();
  await Promise.allSettled([engines('down', 'kafka'), engines('down', 'opensearch')]);
}, 120_000);

describe('the search index converges to the database after faults (real Kafka and OpenSearch)', () => {
  test('Kafka stopped during 1,000 edits: the outbox holds the backlog, the index catches up once it is back', async () => {
    let backlogWhileDown = 0;
    await editStorm(async () => {
      await engines('down', 'kafka');
    });
    backlogWhileDown = await unpublishedOutbox();
    expect(backlogWhileDown).toBeGreaterThan(0);
    // Operators see the relay's backlog on catalog's /metrics.
    expect(await backlogMetric()).toBeGreaterThan(0);
    await engines('up', 'kafka');
    await expectConverged();
    expect(await unpublishedOutbox()).toBe(0);
    expect(await backlogMetric()).toBe(0);
  }, 300_000);

  test('OpenSearch stopped during 1,000 edits: the indexer retries without committing, then catches up', async () => {
    await editStorm(async () => {
      await engines('down', 'opensearch');
    });
    // Longer than the indexer's Kafka session (10 s): a stuck writer is evicted from its group and must rejoin.
    await new Promise((r) => setTimeout(r, 15_000));
    await engines('up', 'opensearch');
    await expectConverged();
  }, 300_000);

  test('the indexer killed with SIGKILL during 1,000 edits: a new one resumes from the committed offsets', async () => {
    await editStorm(async () => {
      await stopIndexer('SIGKILL');
    });
    indexer = startIndexer();
    await expectConverged();
  }, 300_000);

  test('replaying every event from the beginning changes nothing', async () => {
    await expectConverged();
    const before = await indexState(true);
    const replay = startIndexer('faults-replay');
    const kafka = new Kafka({ brokers: [KAFKA], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    try {
      const topics = SEARCH_TOPICS.map((t) => `${TOPIC_PREFIX}${t}`);
      const caughtUp = async () => {
        const committed = await admin.fetchOffsets({ groupId: 'faults-replay', topics });
        for (const { topic, partitions } of committed) {
          const ends = await admin.fetchTopicOffsets(topic);
          for (const end of ends) {
            const done = partitions.find((p) => p.partition === end.partition);
            if (Number(end.high) > 0 && Number(done?.offset ?? -1) < Number(end.high)) return false;
          }
        }
        return true;
      };
      const deadline = Date.now() + 120_000;
      while (!(await caughtUp()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1000));
      expect(await caughtUp()).toBe(true);
      const [{ partitions }] = await admin.fetchOffsets({ groupId: 'faults-replay', topics: [`${TOPIC_PREFIX}catalog.titles`] });
      // Everything catalog ever published was read again (at least once: the relay may have sent some twice).
      const published = Number((await sql<{ n: string }>(`SELECT count(*) AS n FROM catalog."OutboxEvent" WHERE topic = 'catalog.titles'`))[0].n);
      expect(published).toBeGreaterThan(2000);
      // The topic has several partitions: what the replay read is the sum of its committed offsets.
      expect(partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0)).toBeGreaterThanOrEqual(published);
    } finally {
      await admin.disconnect();
      await new Promise<void>((done) => {
        replay.once('exit', () => done());
        replay.kill('SIGTERM');
      });
    }
    expect(sorted(await indexState(true))).toEqual(sorted(before));
    await expectConverged();
  }, 300_000);
});
