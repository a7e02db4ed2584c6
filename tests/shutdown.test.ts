/**
 * Clean shutdown under load. A second catalog and gateway (with their own identity for the JWKS) run beside
 * the suite's system, on the same database and Kafka topics, while 50 connections query and edit the
 * catalog through that gateway. SIGTERM the catalog: every request gets its answer or a clean, retryable
 * SERVICE_UNAVAILABLE error, never a reset or a 5xx. SIGTERM the gateway: it turns not ready first, the
 * clients (acting as the load balancer) stop sending, and everything in flight is answered. Both exit 0,
 * and every edit they confirmed reaches Kafka through the outbox.
 */
import { resolve } from 'node:path';
import { startSystem, type RunningSystem } from '../scripts/system';
import { sessionWithRoles, type Session } from './support/client';
import { sqlRows, TEST_DATABASE_URL } from './support/database';
import { PORT_OFFSETS, testPort } from './support/ports';
import { eventually } from './support/eventually';

const BASE_PORT = testPort(PORT_OFFSETS.shutdown);
const CONNECTIONS = 50;
/** How long a test waits for the load, a restart or a relay to reach a point it needs. */
const WAIT_MS = 120_000;

type Outcome = 'ok' | 'retryable' | 'refused' | { bad: string };

interface Load {
  outcomes: Outcome[];
  createdIds: string[];
  stop(): Promise<void>;
}

/** One request as a client app sends it; classifies what came back. */
async function send(
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<{ outcome: Outcome; data?: Record<string, { id: string }> }> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.text();
    if (res.status >= 500) return { outcome: { bad: `HTTP ${res.status}: ${text.slice(0, 200)}` } };
    const body = JSON.parse(text) as { data?: Record<string, { id: string }>; errors?: { extensions?: { code?: string; retryable?: boolean } }[] };
    if (!body.errors?.length) return { outcome: 'ok', data: body.data };
    if (body.errors.every((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE' && e.extensions.retryable === true)) return { outcome: 'retryable' };
    return { outcome: { bad: `HTTP ${res.status}: ${text.slice(0, 200)}` } };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if (cause?.code === 'ECONNREFUSED') return { outcome: 'refused' };
    return { outcome: { bad: `${(error as Error).message}: ${cause?.code ?? ''} ${cause?.message ?? ''}` } };
  }
}

/**
 * 50 concurrent clients: one in ten creates titles, the others read them. Like a load balancer, they stop sending
 * to the gateway once its readiness probe fails (polled every 200 ms).
 */
function startLoad(gatewayUrl: string, editor: Session): Load {
  const run = Date.now().toString(36);
  const outcomes: Outcome[] = [];
  const createdIds: string[] = [];
  let running = true;
  let gatewayReady = true;
  const readyz = new URL('/readyz', gatewayUrl).href;
  const poller = (async () => {
    while (running) {
      gatewayReady = await fetch(readyz).then(
        (r) => r.ok,
        () => false,
      );
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  const clients = Array.from({ length: CONNECTIONS }, async (_, n) => {
    for (let i = 0; running; i++) {
      if (!gatewayReady) {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      if (n % 10 !== 0) {
        const { outcome } = await send(gatewayUrl, editor.accessToken, `query Browse { titles(first: 3) { edges { node { id title } } } }`, {});
        outcomes.push(outcome);
      } else {
        const { outcome, data } = await send(gatewayUrl, editor.accessToken, `mutation Create($i: TitleInput!) { createMovie(input: $i) { id } }`, {
          i: { title: `Shutdown load ${run} ${n}-${i}`, releaseYear: 2020 },
        });
        outcomes.push(outcome);
        if (outcome === 'ok' && data?.createMovie) createdIds.push(data.createMovie.id);
      }
    }
  });
  return {
    outcomes,
    createdIds,
    stop: async () => {
      running = false;
      await Promise.all([...clients, poller]);
    },
  };
}

const bad = (outcomes: Outcome[]) => outcomes.filter((o): o is { bad: string } => typeof o === 'object');
const count = (outcomes: Outcome[], kind: Outcome) => outcomes.filter((o) => o === kind).length;

describe('clean shutdown under load', () => {
  let system: RunningSystem;
  let editor: Session;

  beforeAll(async () => {
    editor = await sessionWithRoles(['EDITOR']);
    system = await startSystem({
      basePort: BASE_PORT,
      only: ['identity', 'catalog', 'gateway'],
      web: false,
      logDir: resolve(__dirname, '..', '.data', 'test-logs', 'shutdown'),
      env: {
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: TEST_DATABASE_URL,
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
        KAFKA_BROKERS: process.env.TEST_KAFKA_BROKERS,
        KAFKA_TOPIC_PREFIX: process.env.TEST_KAFKA_TOPIC_PREFIX,
        IDENTITY_SIGNING_KEYS: process.env.TEST_SIGNING_KEYS,
        // Long enough for the clients' readiness poll to notice, as a load balancer would.
        SHUTDOWN_DELAY_SECONDS: '5',
        OTEL_TRACES_EXPORTER: 'none',
      },
    });
  }, 600_000);

  let load: Load | null = null;
  afterEach(async () => {
    await load?.stop();
    load = null;
  });

  afterAll(async () => {
    await system?.stop();
  }, 120_000);

  it('SIGTERM on a subgraph under load: answers or retryable errors only, exit 0, and every confirmed edit is published', async () => {
    const running = (load = startLoad(system.gatewayUrl, editor));
    await eventually(() => running.createdIds.length >= 5, WAIT_MS);
    expect(await system.signal('catalog', 'SIGTERM')).toBe(0);
    // While catalog is gone the gateway answers with a retryable error rather than failing.
    await eventually(() => count(running.outcomes, 'retryable') > 0, WAIT_MS);
    await system.restart('catalog');
    const confirmedBefore = running.createdIds.length;
    await eventually(() => running.createdIds.length > confirmedBefore + 5, WAIT_MS);
    await running.stop();

    expect(bad(running.outcomes)).toEqual([]);
    expect(count(running.outcomes, 'refused')).toBe(0);
    // Each confirmed edit committed its event, and a relay published it to Kafka.
    await eventually(async () => {
      const [row] = await sqlRows<{ waiting: number; recorded: number }>(
        `SELECT count(*) FILTER (WHERE "publishedAt" IS NULL)::int AS waiting, count(*)::int AS recorded FROM catalog."OutboxEvent" WHERE "entityId" = ANY($1)`,
        [running.createdIds],
      );
      return row.recorded >= running.createdIds.length && row.waiting === 0;
    }, WAIT_MS);
  }, 600_000);

  it('SIGTERM on the gateway under load: not ready first, in-flight requests answered, exit 0', async () => {
    const running = (load = startLoad(system.gatewayUrl, editor));
    await eventually(() => running.outcomes.length >= 50, WAIT_MS);
    const exit = system.signal('gateway', 'SIGTERM');
    await eventually(
      async () =>
        !(await fetch(new URL('/readyz', system.gatewayUrl)).then(
          (r) => r.ok,
          () => false,
        )),
      WAIT_MS,
    );
    expect(await exit).toBe(0);
    await running.stop();

    expect(bad(running.outcomes)).toEqual([]);
    expect(count(running.outcomes, 'ok')).toBeGreaterThanOrEqual(50);
  }, 600_000);
});
