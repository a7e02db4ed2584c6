/**
 * Two of everything. Two replicas of every subgraph, of the gateway and of the search indexer run against
 * one PostgreSQL database, Redis, Kafka and OpenSearch, with HAProxy (Debian's, as an operator would put a
 * load balancer or Kubernetes Services there) in front of each service's pair: clients reach the gateways
 * through it, and the gateways and subgraphs reach the subgraphs through it. Under load, one replica of
 * each is killed (SIGKILL, a crash) at the same moment. Afterwards:
 * - only requests in flight at the kill may have failed;
 * - every outbox row reached Kafka, and only a batch the killed relay had sent but not yet marked reached it
 *   twice (one relay is active per service at any time);
 * - every subscription that came due was renewed once, and the sweeps took turns: each records when it held
 *   the sweep lock (rights."RenewalSweep", the database's clock), and no two of those spans overlap;
 * - the bootstrap administrator was created once by the two identities starting together;
 * - failed sign-ins count across both identities (Redis), and a playback URL one rights replica signed is
 *   accepted by the other;
 * - the search index holds exactly the titles the catalog has published, as they are now.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { randomBytes, randomUUID } from 'node:crypto';
import { packageMedia } from '../../scripts/media/package-media';
import { SUBGRAPHS, startSystem, type RunningSystem } from '../../scripts/system';
import { SigningKeySet } from '../../subgraphs/identity/src/domain/signing-keys';
import { deleteRunTopics, TOPIC_PARTITIONS } from '../../packages/service-kit/src/relay/topics';
import { codes, gql, register, sessionWithRoles, STRONG_PASSWORD, uniqueEmail, type Session } from '../support/client';
import { recreateDatabase, sqlRows, TEST_DATABASE_URL } from '../support/database';
import { CARD, clockAt, createPackage, createPlan, key, must, publishedMovie, START, STOP, SUBSCRIBE } from '../support/rights';
import { PORT_OFFSETS, testPort } from '../support/ports';

const ROOT = resolve(__dirname, '..', '..');
const LOG_DIR = resolve(ROOT, '.data', 'replica-logs');
// Replica A on BASE+0…5 and its indexer on BASE+15, replica B on BASE+20…25 and BASE+35, HAProxy on BASE+40…45
// and its statistics on BASE+49.
const BASE = Number(process.env.TEST_REPLICA_BASE_PORT ?? testPort(PORT_OFFSETS.replicas));
const REPLICAS = { a: BASE, b: BASE + 20 };
const BALANCER = BASE + 40;
const DATABASE_URL = `${TEST_DATABASE_URL}_replicas`;
const RUN = `replicas-${Date.now().toString(36)}`;
const KAFKA_BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const OPENSEARCH_URL = process.env.OPENSEARCH_URL ?? 'http://127.0.0.1:9200';
const SERVICES = ['gateway', ...SUBGRAPHS.map((s) => s.name)];
/** A service's port in a replica: the gateway at +0, each subgraph at its default port's last digit. */
const portOf = (base: number, service: string) => base + (service === 'gateway' ? 0 : SUBGRAPHS.findIndex((s) => s.name === service) + 1);
const balanced = (service: string) => `http://127.0.0.1:${portOf(BALANCER, service)}`;
const ADMIN = { email: 'admin@replicas.tvstream.dev', password: 'admin-password-for-replicas' };
const CLIENTS = 16;

/** HAProxy in front of each pair: health-checked on /readyz, and a refused connection is sent to the other. */
function haproxyConfig(): string {
  const lines = [
    'global',
    '  maxconn 4096',
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout server 60s',
    // Longer than the gateway keeps an idle connection (IDLE_CONNECTION_MS / 2), so it is always the one to close.
    '  timeout client 70s',
    '  timeout http-keep-alive 70s',
    // Only a request no server received is retried: a crashed replica's in-flight ones are not replayed.
    '  retries 3',
    '  retry-on conn-failure',
    '  option redispatch 1',
    // A replica whose connections are refused is taken out at once; a slow readiness answer on a loaded
    // machine is not mistaken for a dead replica.
    '  timeout check 5s',
    '  default-server inter 1s fall 3 rise 2 observe layer4 error-limit 1 on-error mark-down',
  ];
  // Its own view of the servers (CSV), so the test starts once HAProxy counts every replica in.
  lines.push('frontend stats', `  bind 127.0.0.1:${BALANCER + 9}`, '  stats enable', '  stats uri /stats');
  for (const service of SERVICES) {
    lines.push(
      `frontend ${service}`,
      `  bind 127.0.0.1:${portOf(BALANCER, service)}`,
      `  default_backend ${service}`,
      `backend ${service}`,
      '  balance roundrobin',
      '  option httpchk GET /readyz',
      ...Object.entries(REPLICAS).map(([name, base]) => `  server ${name} 127.0.0.1:${portOf(base, service)} check`),
    );
  }
  return `${lines.join('\n')}\n`;
}

interface Attempt {
  start: number;
  end: number;
  ok: boolean;
  what: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Generous, as startSystem's own wait: a dozen processes starting at once on a loaded two-core machine.
async function until<T>(check: () => Promise<T | false | null | undefined> | T | false | null | undefined, what: string, timeoutMs = 300_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(250);
  }
}

async function ready(url: string, child: ChildProcess, what: string) {
  await until(async () => {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode} during start-up`);
    return fetch(url).then(
      (r) => r.ok,
      () => false,
    );
  }, `${what} ready at ${url}`);
}

const sql = <R extends Record<string, unknown>>(query: string, params: unknown[] = []) => sqlRows<R>(query, params, DATABASE_URL);

describe('two replicas of everything behind HAProxy, one of each killed under load', () => {
  const systems: Record<string, RunningSystem> = {};
  const indexers: Record<string, ChildProcess> = {};
  let haproxy: ChildProcess;
  let editor: Session;
  let manager: Session;
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    KAFKA_BROKERS,
    KAFKA_TOPIC_PREFIX: `${RUN}.`,
    OPENSEARCH_URL,
    OPENSEARCH_INDEX_PREFIX: `${RUN}-`,
    OTEL_TRACES_EXPORTER: 'none',
    IDENTITY_SIGNING_KEYS: JSON.stringify([SigningKeySet.generate()]),
    BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
    BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
    LOGIN_MAX_ATTEMPTS_PER_IP: '100000',
    REGISTER_MAX_PER_IP: '100000',
    REFRESH_MAX_PER_IP: '100000',
    PASSWORD_SCRYPT_N: '4096',
    ALLOW_CLOCK_OVERRIDE: 'true',
    // One secret for both rights replicas: a URL either signs, the other (and the CDN edge) accepts.
    PLAYBACK_SIGNING_SECRET: randomBytes(32).toString('hex'),
    PLAYBACK_MANIFEST_BASE_URL: `${balanced('rights')}/manifests`,
    // Both rights replicas try to sweep every second; a renewal a crash left pending is settled soon after.
    RENEWAL_SWEEP_SECONDS: '1',
    PAYMENT_RECONCILE_SECONDS: '1',
    PAYMENT_PROVIDER_TIMEOUT_MS: '3000',
    PAYMENT_RECONCILE_AFTER_SECONDS: '5',
    // The indexers run as their own processes; a killed one's partitions move to the other within seconds.
    SEARCH_INDEXER_INLINE: 'false',
    SEARCH_INDEXER_SESSION_TIMEOUT_MS: '6000',
    JWKS_URL: `${balanced('identity')}/.well-known/jwks.json`,
    SHUTDOWN_DELAY_SECONDS: '0',
  };

  function startIndexer(name: string, base: number) {
    const out = openSync(join(LOG_DIR, `indexer-${name}.log`), 'w');
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'subgraphs/search/src/indexer.ts')], {
      cwd: ROOT,
      env: { ...process.env, ...env, SEARCH_INDEXER_PORT: String(base + 15) },
      stdio: ['ignore', out, out],
    });
    indexers[name] = child;
    return ready(`http://127.0.0.1:${base + 15}/readyz`, child, `indexer ${name}`);
  }

  beforeAll(async () => {
    mkdirSync(LOG_DIR, { recursive: true });
    if (spawnSync('haproxy', ['-v']).error) throw new Error('haproxy not found: apt-get install -y haproxy');
    packageMedia(undefined, (line) => console.log(`[media] ${line}`));
    await recreateDatabase(DATABASE_URL);
    // Migrated as the migration job does (Prisma's schema engine loads as an ES module, outside Jest's loader).
    const migrate = spawnSync(process.execPath, ['--import', 'tsx', resolve(ROOT, 'prisma/migrate.ts'), 'deploy'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL },
      encoding: 'utf8',
    });
    if (migrate.status !== 0) throw new Error(`migrations failed: ${migrate.stdout}${migrate.stderr}`);
    const config = join(LOG_DIR, 'haproxy.cfg');
    writeFileSync(config, haproxyConfig());
    const check = spawnSync('haproxy', ['-c', '-q', '-f', config], { encoding: 'utf8' });
    if (check.status !== 0) throw new Error(`haproxy.cfg: ${check.stdout}${check.stderr}`);
    const out = openSync(join(LOG_DIR, 'haproxy.log'), 'w');
    haproxy = spawn('haproxy', ['-db', '-f', config], { stdio: ['ignore', out, out] });
    const subgraphUrls = Object.fromEntries(SUBGRAPHS.map((s) => [s.name, `${balanced(s.name)}/graphql`]));
    // Both replicas start together, as a rollout of two pods would: identity's bootstrap races itself. The
    // indexers need none of the services; the second joins the consumer group once the first is in it.
    await Promise.all([
      ...Object.entries(REPLICAS).map(async ([name, base]) => {
        systems[name] = await startSystem({ basePort: base, web: false, env, subgraphUrls, logDir: join(LOG_DIR, name) });
      }),
      startIndexer('a', REPLICAS.a).then(() => startIndexer('b', REPLICAS.b)),
    ]);
    await until(async () => {
      const csv = await fetch(`http://127.0.0.1:${BALANCER + 9}/stats;csv`).then((r) => r.text());
      const servers = csv.split('\n').filter((line) => /^\w+,[ab],/.test(line));
      return servers.length === SERVICES.length * 2 && servers.every((line) => line.split(',')[17] === 'UP');
    }, 'HAProxy counting every replica in');
    process.env.GATEWAY_URL = `${balanced('gateway')}/graphql`;
    process.env.TEST_ADMIN_EMAIL = ADMIN.email;
    process.env.TEST_ADMIN_PASSWORD = ADMIN.password;
    [editor, manager] = await Promise.all([sessionWithRoles(['EDITOR']), sessionWithRoles(['RIGHTS_MANAGER'])]);
  }, 900_000);

  afterAll(async () => {
    await Promise.all(Object.values(systems).map((s) => s.stop()));
    for (const child of [...Object.values(indexers), haproxy]) {
      if (child && child.exitCode === null && !child.signalCode) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
    }
    await fetch(`${OPENSEARCH_URL}/${RUN}-*`, { method: 'DELETE' }).catch(() => undefined);
    await deleteRunTopics(KAFKA_BROKERS.split(','), `${RUN}.`);
  }, 120_000);

  test('the bootstrap administrator was created once by the two identities starting together', async () => {
    const admins = await sql<{ id: string }>(`SELECT id FROM identity."User" WHERE 'ADMIN' = ANY(roles)`);
    expect(admins).toHaveLength(1);
    const [events] = await sql<{ created: number }>(
      `SELECT count(*)::int AS created FROM identity."OutboxEvent" WHERE type = 'user.created' AND "entityId" = $1`,
      [admins[0].id],
    );
    expect(events.created).toBe(1);
    const grants = await sql(`SELECT id FROM identity."AuditEntry" WHERE "targetId" = $1 AND action = 'user.setRoles'`, [admins[0].id]);
    expect(grants).toHaveLength(1);
  });

  test('failed sign-ins count across both identities (Redis): the sixth is refused whichever replica gets it', async () => {
    const viewer = await register();
    const outcomes: (string | undefined)[] = [];
    // Alternating replicas, straight to each identity as the gateway would call it, from one address.
    for (let i = 0; i < 8; i++) {
      const base = i % 2 ? REPLICAS.b : REPLICAS.a;
      const res = await gql(
        `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`,
        { e: viewer.user.email, p: 'wrong password, sorry' },
        {
          url: `http://127.0.0.1:${portOf(base, 'identity')}/graphql`,
          headers: { 'x-forwarded-for': '203.0.113.77' },
        },
      );
      outcomes.push(codes(res)[0]);
    }
    expect(outcomes).toEqual([...Array(5).fill('UNAUTHENTICATED'), ...Array(3).fill('RATE_LIMITED')]);
  });

  test('a playback URL one rights replica signed is accepted by both', async () => {
    const movie = await publishedMovie(editor);
    await createPackage(manager, { titleIds: [movie], free: true });
    const viewer = await register();
    const { startPlayback } = await must<{ startPlayback: { id: string; manifestUrl: string } }>(START, { c: movie }, viewer.accessToken);
    const signed = new URL(startPlayback.manifestUrl);
    for (const base of Object.values(REPLICAS)) {
      const direct = new URL(signed.href);
      direct.port = String(portOf(base, 'rights'));
      const res = await fetch(direct);
      expect([direct.port, res.status]).toEqual([direct.port, 200]);
    }
    await must(STOP, { s: startPlayback.id }, viewer.accessToken);
  });

  test('under load, one replica of each killed: only in-flight requests fail; the relays, sweeps and index stay right', async () => {
    const attempts: Attempt[] = [];
    const run = randomUUID().slice(0, 8);
    const packageId = await createPackage(manager, { titleIds: [] });
    const planId = await createPlan(manager, [packageId]);
    // A subscription begun a month and a minute ago is due now: the background sweeps renew it.
    const dueClock = () => {
      const at = new Date();
      at.setUTCMonth(at.getUTCMonth() - 1);
      return clockAt(new Date(at.getTime() - 60_000));
    };
    const subscriptions: string[] = [];
    const attempt = async <T>(what: string, call: () => Promise<T>): Promise<T | null> => {
      const start = Date.now();
      try {
        const value = await call();
        attempts.push({ start, end: Date.now(), ok: true, what });
        return value;
      } catch (error) {
        attempts.push({ start, end: Date.now(), ok: false, what: `${what}: ${(error as Error).message.slice(0, 300)}` });
        return null;
      }
    };
    let running = true;
    const clients = Array.from({ length: CLIENTS }, async (_, n) => {
      for (let i = 0; running; i++) {
        if (n < 3) {
          // Editors: a movie is created, published, then renamed (three events for the index to follow).
          const id = await attempt('createMovie', () =>
            must<{ createMovie: { id: string } }>(
              `mutation($i: TitleInput!) { createMovie(input: $i) { id } }`,
              { i: { title: `Replica ${run} ${n}-${i}` } },
              editor.accessToken,
            ).then((d) => d.createMovie.id),
          );
          if (!id) continue;
          await attempt('publishTitle', () => must(`mutation($id: ID!) { publishTitle(id: $id) { id } }`, { id }, editor.accessToken));
          await attempt('updateTitle', () =>
            must(
              `mutation($id: ID!, $i: TitleInput!) { updateTitle(id: $id, input: $i) { id } }`,
              { id, i: { title: `Replica ${run} ${n}-${i} renamed` } },
              editor.accessToken,
            ),
          );
        } else if (n < 5) {
          // New viewers subscribing (identity, then rights), each subscription due at once.
          const viewer = await attempt('register', () => register(uniqueEmail('replica'), STRONG_PASSWORD));
          if (!viewer) continue;
          const sub = await attempt('subscribe', () =>
            must<{ subscribe: { id: string } }>(SUBSCRIBE, { p: planId, k: key(), c: CARD }, viewer.accessToken, dueClock()).then((d) => d.subscribe.id),
          );
          if (sub) subscriptions.push(sub);
        } else {
          // Browsing: catalog and search in one federated query.
          await attempt('browse', () =>
            must(`query { titles(first: 3) { edges { node { id title } } } search(query: "replica", first: 5) { totalCount } }`, {}, editor.accessToken),
          );
        }
      }
    });
    const oks = () => attempts.filter((a) => a.ok).length;

    await until(() => oks() >= 150 && subscriptions.length >= 5, 'load before the kill');
    const killAt = Date.now();
    const killed = await Promise.all([
      ...SERVICES.map((service) => systems.a.signal(service, 'SIGKILL')),
      new Promise((exited) => {
        indexers.a.once('exit', exited);
        indexers.a.kill('SIGKILL');
      }),
    ]);
    const killedBy = Date.now();
    expect(killed).toHaveLength(SERVICES.length + 1);
    const before = oks();
    await until(() => oks() >= before + 150 && subscriptions.length >= 10, 'load after the kill');
    running = false;
    await Promise.all(clients);

    // Requests fail only if they were in flight when the replicas died.
    const lost = attempts.filter((a) => !a.ok && !(a.start <= killedBy && a.end >= killAt));
    expect(lost).toEqual([]);
    // A client's request spans several services, so while the kills land it may lose one per killed service.
    expect(attempts.filter((a) => !a.ok).length).toBeLessThanOrEqual(CLIENTS * SERVICES.length);

    // Every outbox row reaches Kafka (the surviving relays take over the killed ones' rows).
    const schemas = ['identity', 'catalog', 'live', 'rights'];
    await until(async () => {
      const waiting = await Promise.all(
        schemas.map((s) => sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${s}."OutboxEvent" WHERE "publishedAt" IS NULL`)),
      );
      return waiting.every(([row]) => row.n === 0);
    }, 'every outbox row published');
    // The rows are read before the topics: renewal sweeps keep writing events, and one written after the
    // topics' ends were read would look lost.
    const rowsOf = new Map<string, { id: string }[]>();
    for (const schema of schemas) {
      rowsOf.set(schema, await sql<{ id: string }>(`SELECT id::text FROM ${schema}."OutboxEvent" WHERE "publishedAt" IS NOT NULL`));
    }
    const published = await readTopics(`${RUN}.`);
    for (const schema of schemas) {
      const rows = rowsOf.get(schema)!;
      const missing = rows.filter((r) => !published.has(r.id)).map((r) => r.id);
      expect([schema, missing]).toEqual([schema, []]);
      // A row sent twice was sent first by a relay that died before marking it: before the kill, and one batch at most.
      const twice = rows.map((r) => published.get(r.id)!).filter((sent) => sent.length > 1);
      expect([schema, twice.filter((sent) => sent[0] > killedBy)]).toEqual([schema, []]);
      expect(twice.length).toBeLessThanOrEqual(200);
    }

    // Each subscription that came due was renewed once, and the charge for it settled. A charge a killed
    // replica left pending is settled FAILED when the provider never took it, and the next sweep tries the
    // same charge again: the renewals are read once no charge is pending and none of them is still due.
    const readRenewals = () =>
      sql<{ subscription: string; charges: number; succeeded: number; due: boolean }>(
        `SELECT s.id::text AS subscription,
                count(c.id)::int AS charges,
                count(c.id) FILTER (WHERE c.status = 'SUCCEEDED')::int AS succeeded,
                s."currentPeriodEnd" <= now() AS due
         FROM rights."Subscription" s LEFT JOIN rights."PaymentCharge" c ON c."idempotencyKey" LIKE 'renewal:' || s.id || ':%'
         WHERE s.id = ANY($1::uuid[]) GROUP BY s.id`,
        [subscriptions],
      );
    await until(async () => {
      const [row] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM rights."PaymentCharge" WHERE status = 'PENDING'`);
      return row.n === 0 && (await readRenewals()).every((r) => !r.due);
    }, 'no charge left pending and no renewal still due').catch(() => undefined); // the assertions below name what is wrong
    const renewals = await readRenewals();
    expect(renewals).toHaveLength(subscriptions.length);
    expect(renewals.filter((r) => r.charges !== 1 || r.succeeded !== 1 || r.due)).toEqual([]);
    // Both replicas swept (each every second), one at a time: a sweep starts only once the one before has ended.
    const sweeps = await sql<{ runner: string; startedAt: Date; finishedAt: Date }>(
      `SELECT runner, "startedAt", "finishedAt" FROM rights."RenewalSweep" ORDER BY "startedAt", "finishedAt"`,
    );
    expect(new Set(sweeps.map((s) => s.runner)).size).toBeGreaterThanOrEqual(2);
    const overlapping = sweeps.slice(1).filter((sweep, i) => sweep.startedAt < sweeps[i].finishedAt);
    expect(overlapping).toEqual([]);

    // The index ends equal to the catalog: every published title with its current name, nothing else.
    const titles = byKey(await sql<{ key: string; title: string }>(`SELECT kind || ':' || id AS key, title FROM catalog."Title" WHERE status = 'PUBLISHED'`));
    await until(
      async () => {
        const indexed = await indexedTitles(`${RUN}-search`);
        return JSON.stringify(indexed) === JSON.stringify(titles) || null;
      },
      'the search index equal to the catalog',
      120_000,
    ).catch(async (error) => {
      expect(await indexedTitles(`${RUN}-search`)).toEqual(titles);
      throw error;
    });
  }, 900_000);
});

/** Every message on this run's topics: event id → when each copy was published (Kafka timestamps). */
async function readTopics(prefix: string): Promise<Map<string, number[]>> {
  const kafka = new Kafka({ clientId: 'replicas-test', brokers: KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const topics = Object.keys(TOPIC_PARTITIONS).map((t) => `${prefix}${t}`);
  const ends = new Map<string, number>();
  for (const topic of topics) {
    for (const p of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}/${p.partition}`, Number(p.high));
  }
  await admin.disconnect();
  const sent = new Map<string, number[]>();
  const consumer = kafka.consumer({ groupId: `${prefix}replicas-check-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  const left = new Set([...ends].filter(([, high]) => high > 0).map(([at]) => at));
  await new Promise<void>((done, fail) => {
    if (!left.size) return done();
    consumer
      .run({
        eachMessage: async ({ topic, partition, message }) => {
          const id = message.headers?.['event-id']?.toString();
          if (id)
            sent.set(
              id,
              [...(sent.get(id) ?? []), Number(message.timestamp)].sort((x, y) => x - y),
            );
          if (Number(message.offset) + 1 >= ends.get(`${topic}/${partition}`)!) left.delete(`${topic}/${partition}`);
          if (!left.size) done();
        },
      })
      .catch(fail);
  });
  await consumer.disconnect();
  return sent;
}

const byKey = <T extends { key: string }>(rows: T[]) => [...rows].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));

/** The titles the search alias holds (not tombstones), as `KIND:id` and name, in key order. */
async function indexedTitles(alias: string): Promise<{ key: string; title: string }[]> {
  await fetch(`${OPENSEARCH_URL}/${alias}/_refresh`, { method: 'POST' });
  const res = await fetch(`${OPENSEARCH_URL}/${alias}/_search`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      size: 10_000,
      _source: ['key', 'title'],
      query: { bool: { filter: [{ term: { deleted: false } }, { terms: { type: ['MOVIE', 'SERIES', 'EPISODE'] } }] } },
    }),
  });
  const body = (await res.json()) as { hits: { hits: { _source: { key: string; title: string } }[] } };
  return byKey(body.hits.hits.map((h) => ({ key: h._source.key, title: h._source.title })));
}
