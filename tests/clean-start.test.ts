/**
 * A clean start prints no warnings, and `npm start` creates the first administrator.
 *
 * No warnings: the one seen was pg's "Calling client.query() when the client is
 * already executing a query": Prisma loads an include's relations at once, and inside a transaction they
 * share one connection. Creating a title (a transaction that reads it back with its relations) must not
 * raise it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { GATEWAY, SUBGRAPHS, WEB } from '../scripts/system';
import { CatalogManager, SEED_ACTOR } from '../subgraphs/catalog/src/catalog-manager';
import { createCatalogDb } from '../subgraphs/catalog/src/data/client';
import { CollectionStore } from '../subgraphs/catalog/src/data/collection-store';
import { TitleStore } from '../subgraphs/catalog/src/data/title-store';
import { gql } from './support/client';
import { TEST_DATABASE_URL } from './support/database';
import { PORT_OFFSETS, testPort } from './support/ports';

const ROOT = resolve(__dirname, '..');

test('a write that reads its title back with every relation raises no pg deprecation warning', async () => {
  const warnings: string[] = [];
  const listen = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
  process.on('warning', listen);
  const db = createCatalogDb(TEST_DATABASE_URL);
  try {
    const manager = new CatalogManager(new TitleStore(db), new CollectionStore(db));
    const tag = Date.now().toString(36);
    const movie = await manager.create(
      'MOVIE',
      { title: `Clean start ${tag}`, genres: ['drama', `clean-${tag}`], cast: ['Ada Lovelace'], directors: ['Grace Hopper'] },
      SEED_ACTOR,
      'PUBLISHED',
    );
    expect(movie.credits).toHaveLength(2);
    // Warnings are emitted on the next tick.
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(warnings).toEqual([]);
  } finally {
    process.off('warning', listen);
    await db.$disconnect();
  }
});

/**
 * `npm start` on the embedded defaults (no DATABASE_URL, Redis, Kafka or OpenSearch), with the bootstrap
 * variables set: the administrator they name exists and signs in with the ADMIN role. Its data goes to a
 * folder of its own, beside a developer's .data.
 */
describe('npm start on the embedded defaults', () => {
  const base = testPort(PORT_OFFSETS.cleanStart);
  const dataDir = mkdtempSync(join(tmpdir(), 'tvstream-start-'));
  const admin = { email: `first-admin-${Date.now().toString(36)}@tests.tvstream.dev`, password: 'first admin password for tests' };
  let start: ChildProcess;
  let output = '';

  afterAll(async () => {
    if (start && start.exitCode === null && !start.signalCode) {
      const exited = once(start, 'exit');
      start.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);

  test('creates the administrator BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD name', async () => {
    // Only what a developer's shell would have: none of the engines the suite runs on.
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !/^(DATABASE_URL|REDIS_URL|KAFKA_|OPENSEARCH_|OTEL_|SUBGRAPH_|GATEWAY_URL|JWKS_URL)/.test(name)),
    );
    const ports = Object.fromEntries(
      [...SUBGRAPHS, GATEWAY, WEB].map((spec) => [spec.portVariable, String(base + spec.defaultPort - (spec === WEB ? 2990 : 4000))]),
    );
    start = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'scripts/start.ts')], {
      cwd: ROOT,
      env: {
        ...env,
        ...ports,
        EMBEDDED_POSTGRES_PORT: String(base + 20),
        TVSTREAM_DATA_DIR: dataDir,
        DEMO_CONTENT: 'false',
        LOG_LEVEL: 'warn',
        BOOTSTRAP_ADMIN_EMAIL: admin.email,
        BOOTSTRAP_ADMIN_PASSWORD: admin.password,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    start.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    start.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // It prints where everything is once every service is ready.
    await new Promise<void>((ready, failed) => {
      const check = () => output.includes('tvstream is running') && ready();
      start.stdout!.on('data', check);
      start.once('exit', (code) => failed(new Error(`npm start exited with ${code}:\n${output.slice(-3000)}`)));
    });
    expect(output).toContain(`${admin.email} / ${admin.password}`);

    const gatewayUrl = `http://127.0.0.1:${ports.GATEWAY_PORT}/graphql`;
    const res = await gql<{ login: { accessToken: string; user: { email: string; roles: string[] } } }>(
      `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken user { email roles } } }`,
      { e: admin.email, p: admin.password },
      { url: gatewayUrl },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.login.user).toEqual({ email: admin.email, roles: expect.arrayContaining(['ADMIN', 'VIEWER']) });

    // On the embedded database too, a new film's poster is drawn, stored and served through the web app.
    const film = await gql<{ createMovie: { artwork: { url: string; generated: boolean }[] } }>(
      `mutation { createMovie(input: { title: "Embedded & Drawn" }) { artwork { url generated } } }`,
      {},
      { url: gatewayUrl, token: res.data!.login.accessToken },
    );
    expect(film.errors).toBeUndefined();
    const [poster] = film.data!.createMovie.artwork;
    expect(poster).toEqual({
      url: expect.stringMatching(new RegExp(`^http://127\\.0\\.0\\.1:${ports.WEB_PORT}/artwork/[0-9a-f]{64}\\.svg$`)),
      generated: true,
    });
    expect(await (await fetch(poster.url)).text()).toContain('<title>Embedded &amp; Drawn</title>');
    // Its own data folder, not the checkout's .data.
    expect(existsSync(join(dataDir, 'pglite', 'identity'))).toBe(true);
  }, 900_000);
});
