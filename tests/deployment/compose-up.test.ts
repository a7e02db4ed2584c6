/**
 * `docker compose up` without Docker: every application service of docker-compose.yml is started on this
 * machine with the environment Compose would hand its container (defaults, empty `${VAR:-}` values and all,
 * from a caller that set nothing), running the command its image runs. Container names become loopback
 * addresses: the engines are the test engines, each service gets a port of this run's block, volumes become
 * folders. Every service must become ready, and the web app must answer a query through the whole chain.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { deleteRunTopics } from '../../packages/service-kit/src/relay/topics';
import { ensureWebBuild } from '../../scripts/system';
import { recreateDatabase, TEST_DATABASE_URL } from '../support/database';
import { containerCommand, containerEnvironment, containerWorkdir, readCompose, type ComposeFile, type ComposeService } from './compose-environment';
import { PORT_OFFSETS, testPort } from '../support/ports';

const ROOT = resolve(__dirname, '..', '..');
const BASE_PORT = testPort(PORT_OFFSETS.composeUp);
const RUN = `compose-${Date.now().toString(36)}`;
const DATABASE_URL = `${TEST_DATABASE_URL}_compose`;
const LOG_DIR = resolve(ROOT, '.data', 'compose-logs');

// Container ports are 40xx (gateway, subgraphs, indexer) and 3000 (web); each moves into this run's block.
const hostPort = (containerPort: number) => (containerPort >= 4000 ? BASE_PORT + (containerPort - 4000) : BASE_PORT - 1000 + (containerPort - 3000));

/** Where the compose file's engines are on this machine (the suite's own PostgreSQL, Redis, Kafka, OpenSearch). */
function engineAddresses() {
  const redis = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const database = new URL(DATABASE_URL);
  return {
    redis: redis.host,
    redisDatabase: redis.pathname,
    postgres: database.host,
    database: database.pathname.slice(1),
    kafka: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    opensearch: new URL(process.env.OPENSEARCH_URL ?? 'http://127.0.0.1:9200').host,
  };
}

/** Rewrites one container-side value to its host-side equivalent. */
function toHost(name: string, value: string, compose: ComposeFile, volumes: Record<string, string>, scratch: string): string {
  const engines = engineAddresses();
  const apps = Object.keys(compose.services).filter((s) => compose.services[s].build);
  if (/_PORT$/.test(name) && /^\d+$/.test(value)) return String(hostPort(Number(value)));
  let out = value
    .replace(/redis:\/\/redis:6379\/?$/, `redis://${engines.redis}${engines.redisDatabase}`)
    .replace(/@postgres:5432\/tvstream\b/, `@${engines.postgres}/${engines.database}`)
    .replace(/\bkafka:9092\b/, engines.kafka)
    .replace(/\bopensearch:9200\b/, engines.opensearch)
    .replace(new RegExp(`\\b(${[...apps, 'localhost'].join('|')}):(\\d+)\\b`, 'g'), (_m, _host, port) => `127.0.0.1:${hostPort(Number(port))}`);
  for (const [target, volume] of Object.entries(volumes)) {
    if (out === target || out.startsWith(`${target}/`)) out = join(scratch, volume) + out.slice(target.length);
  }
  return out;
}

function mountedVolumes(service: ComposeService): Record<string, string> {
  return Object.fromEntries((service.volumes ?? []).map((v) => v.split(':')).map(([volume, target]) => [target, volume]));
}

/** Services in an order where each one's dependencies come first. */
function startOrder(compose: ComposeFile, names: string[]): string[] {
  const ordered: string[] = [];
  const visit = (name: string) => {
    if (ordered.includes(name) || !names.includes(name)) return;
    for (const dependency of Object.keys(compose.services[name].depends_on ?? {})) visit(dependency);
    ordered.push(name);
  };
  names.forEach(visit);
  return ordered;
}

function healthUrl(service: ComposeService): string | null {
  const match = /http:\/\/127\.0\.0\.1:(\d+)(\/[^'"\s)]*)/.exec((service.healthcheck?.test ?? []).join(' '));
  return match ? `http://127.0.0.1:${hostPort(Number(match[1]))}${match[2]}` : null;
}

const logTail = (name: string) =>
  readFileSync(join(LOG_DIR, `${name}.log`), 'utf8')
    .split('\n')
    .slice(-15)
    .join('\n');

async function becomesReady(name: string, url: string, child: ChildProcess, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} before it was ready:\n${logTail(name)}`);
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${name} was not ready at ${url} within ${timeoutMs} ms:\n${logTail(name)}`);
}

function exits(name: string, child: ChildProcess): Promise<number> {
  return new Promise((done) => (child.exitCode !== null ? done(child.exitCode) : child.once('exit', (code) => done(code ?? 1))));
}

/**
 * What the postgres image does on first start: POSTGRES_USER (a superuser) with POSTGRES_PASSWORD owns
 * POSTGRES_DB, then the scripts mounted into /docker-entrypoint-initdb.d run in name order.
 */
async function initialisePostgres(postgres: ComposeService) {
  const env = containerEnvironment(postgres);
  const { postgres: address, database } = engineAddresses();
  await recreateDatabase(DATABASE_URL);
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    const role = env.POSTGRES_USER;
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    if (exists.rowCount === 0) await client.query(`CREATE ROLE "${role}" LOGIN SUPERUSER PASSWORD '${env.POSTGRES_PASSWORD.replace(/'/g, "''")}'`);
    await client.query(`ALTER DATABASE "${database}" OWNER TO "${role}"`);
  } finally {
    await client.end();
  }
  const initScripts = (postgres.volumes ?? [])
    .map((v) => v.split(':'))
    .filter(([source, target]) => source.startsWith('./') && target.startsWith('/docker-entrypoint-initdb.d/'))
    .sort(([, a], [, b]) => a.localeCompare(b));
  for (const [source] of initScripts) {
    const [host, port] = address.split(':');
    const run = spawnSync('sh', [resolve(ROOT, source)], {
      env: { ...env, PATH: process.env.PATH, PGHOST: host, PGPORT: port, POSTGRES_DB: database },
      encoding: 'utf8',
    });
    expect({ source, status: run.status, stderr: run.stderr }).toEqual({ source, status: 0, stderr: '' });
  }
}

describe('docker compose up, on the file’s defaults', () => {
  const children: ChildProcess[] = [];
  const scratch = mkdtempSync(join(tmpdir(), 'tvstream-compose-'));

  beforeAll(() => {
    // What the images' build stages do: the services compiled (scripts/build.ts), the web app built.
    const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
    expect(build.status).toBe(0);
    ensureWebBuild();
  }, 300_000);

  afterAll(async () => {
    await Promise.all(
      children.reverse().map(
        (child) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode) return done();
            const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('exit', () => {
              clearTimeout(killer);
              done();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
    rmSync(scratch, { recursive: true, force: true });
    await deleteRunTopics(engineAddresses().kafka.split(','), `${RUN}.`);
  }, 60_000);

  test('starts every application service, each becomes ready, and the web app serves the API', async () => {
    // The caller sets nothing but an index prefix of its own (the OpenSearch node is shared with other runs).
    const compose = readCompose(ROOT, { OPENSEARCH_INDEX_PREFIX: `${RUN}-` });
    await initialisePostgres(compose.services.postgres);
    const apps = startOrder(
      compose,
      Object.keys(compose.services).filter((name) => compose.services[name].build),
    );
    const outcome: Record<string, string> = {};
    mkdirSync(LOG_DIR, { recursive: true });
    for (const name of apps) {
      const service = compose.services[name];
      const volumes = mountedVolumes(service);
      const env = Object.fromEntries(Object.entries(containerEnvironment(service)).map(([k, v]) => [k, toHost(k, v, compose, volumes, scratch)]));
      // Every container has the same internal metrics port; on one host each service needs one of its own.
      if (env.METRICS_PORT) env.METRICS_PORT = String(BASE_PORT + 40 + apps.indexOf(name));
      const [program, ...args] = containerCommand(ROOT, service);
      // Plain node on compiled JavaScript: no TypeScript loader in a production image.
      expect({ name, program, workdir: containerWorkdir(ROOT, service), tsx: args.includes('tsx') }).toEqual({
        name,
        program: 'node',
        workdir: '/app',
        tsx: false,
      });
      const out = openSync(join(LOG_DIR, `${name}.log`), 'w');
      const child = spawn(process.execPath, args, {
        cwd: ROOT,
        // A container sees only its own environment (PATH aside); Kafka topics and Redis keys get this run's
        // prefix because the broker and Redis are shared with other runs (the gateway's shared answers among them).
        env: { PATH: process.env.PATH, KAFKA_TOPIC_PREFIX: `${RUN}.`, REDIS_KEY_PREFIX: `${RUN}:`, ...env },
        stdio: ['ignore', out, out],
      });
      children.push(child);
      if (service.restart === 'no') {
        const code = await exits(name, child);
        outcome[name] = code === 0 ? 'completed' : `exited ${code}:\n${logTail(name)}`;
      } else {
        const url = healthUrl(service);
        await becomesReady(name, url!, child).then(
          () => (outcome[name] = 'ready'),
          (error: Error) => (outcome[name] = error.message),
        );
      }
      if (!['ready', 'completed'].includes(outcome[name])) break;
    }
    expect(outcome).toEqual(Object.fromEntries(apps.map((name) => [name, compose.services[name].restart === 'no' ? 'completed' : 'ready'])));

    const web = `http://127.0.0.1:${hostPort(3000)}/graphql`;
    const response = await fetch(web, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ plans { id } genres { name } channels { id } search(query: "") { totalCount } }' }),
    });
    const body = await response.json();
    expect(body).toEqual({ data: { plans: [], genres: [], channels: [], search: { totalCount: 0 } } });
    // The web app forwards /artwork to catalog: an unknown poster is catalog's 404 (with its image policy), not web's own.
    const poster = await fetch(`http://127.0.0.1:${hostPort(3000)}/artwork/${'0'.repeat(64)}.svg`);
    expect({ status: poster.status, policy: poster.headers.get('content-security-policy') }).toEqual({
      status: 404,
      policy: expect.stringContaining('sandbox'),
    });
    // The media job packaged the streams into the volume rights' origin serves from.
    const rights = compose.services.rights;
    const mediaVolume = mountedVolumes(rights)[containerEnvironment(rights).MEDIA_DIR];
    expect(existsSync(join(scratch, mediaVolume, 'vod', 'master.m3u8'))).toBe(true);
    // Eight processes started one after the other on a shared machine: minutes, not seconds.
  }, 900_000);
});
