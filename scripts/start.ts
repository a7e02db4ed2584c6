/**
 * `npm start`: the whole system on one machine. With DATABASE_URL set it uses that PostgreSQL; without it,
 * an embedded PostgreSQL (PGlite) keeps its data under .data/. The first administrator's credentials are
 * taken from BOOTSTRAP_ADMIN_EMAIL / BOOTSTRAP_ADMIN_PASSWORD, or generated once and printed.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { deployAll, discoverSubgraphs } from '../prisma/migrate';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../prisma/embedded-postgres';
import { forgetRunningSystem, signIn, writeRunningSystem } from '@tvstream/service-kit';
import { loadDemoContent } from './demo-content';
import { packageMedia } from './media/package-media';
import { startSystem } from './system';

// TVSTREAM_DATA_DIR: another start's data (tests start one beside a developer's own .data).
const DATA = resolve(process.env.TVSTREAM_DATA_DIR || resolve(__dirname, '..', '.data'));

function adminCredentials() {
  const email = process.env.BOOTSTRAP_ADMIN_EMAIL ?? 'admin@tvstream.local';
  if (process.env.BOOTSTRAP_ADMIN_PASSWORD) return { email, password: process.env.BOOTSTRAP_ADMIN_PASSWORD };
  const file = resolve(DATA, 'admin-password.txt');
  if (!existsSync(file)) {
    mkdirSync(DATA, { recursive: true });
    writeFileSync(file, randomBytes(12).toString('base64url'), { mode: 0o600 });
  }
  return { email, password: readFileSync(file, 'utf8').trim() };
}

/** One embedded PostgreSQL per service (PGlite serves one session at a time), each migrated. */
async function embeddedDatabases(): Promise<{ servers: EmbeddedPostgres[]; serviceEnv: Record<string, NodeJS.ProcessEnv> }> {
  const basePort = Number(process.env.EMBEDDED_POSTGRES_PORT ?? 54330);
  const subgraphs = discoverSubgraphs();
  const servers = await Promise.all(subgraphs.map((s, i) => startEmbeddedPostgres({ dataDir: resolve(DATA, 'pglite', s.name), port: basePort + i })));
  const serviceEnv: Record<string, NodeJS.ProcessEnv> = {};
  for (const [i, subgraph] of subgraphs.entries()) {
    await deployAll(servers[i].url, [subgraph.name]);
    serviceEnv[subgraph.name] = { DATABASE_URL: servers[i].url, DATABASE_POOL_MAX: '1' };
  }
  // Search has no database; without Kafka it follows the other services' outbox tables in their databases.
  serviceEnv.search = { SEARCH_OUTBOX_DATABASES: subgraphs.map((s, i) => `${s.name}=${servers[i].url}`).join(',') };
  return { servers, serviceEnv };
}

async function main() {
  const external = process.env.DATABASE_URL;
  if (external) await deployAll(external);
  const embedded = external ? null : await embeddedDatabases();
  const subgraphNames = discoverSubgraphs().map((s) => s.name);
  const admin = adminCredentials();
  // Play has something to play once the test streams are packaged (once, with Debian's ffmpeg).
  try {
    packageMedia(undefined, (line) => console.log(`[media] ${line}`));
  } catch (error) {
    console.warn(`[media] ${(error as Error).message}; players will get 404 NOT_PACKAGED until \`npm run media:package\` runs`);
  }
  const system = await startSystem({
    env: {
      BOOTSTRAP_ADMIN_EMAIL: admin.email,
      BOOTSTRAP_ADMIN_PASSWORD: admin.password,
      IDENTITY_SIGNING_KEYS_FILE: process.env.IDENTITY_SIGNING_KEYS_FILE || resolve(DATA, 'identity-signing-keys.json'),
      // The secret of internal routes (identity's revocation feed), new at each start and known to every service.
      INTERNAL_API_TOKEN: process.env.INTERNAL_API_TOKEN || randomBytes(32).toString('hex'),
    },
    serviceEnv: embedded?.serviceEnv,
  });
  const origin = new URL(system.gatewayUrl).origin;
  const databases = embedded ? Object.fromEntries(embedded.servers.map((server, i) => [subgraphNames[i], server.url])) : null;
  // The CLIs (import:xmltv, seed) read where the running system keeps its data from here.
  writeRunningSystem({ gatewayUrl: system.gatewayUrl, databases: databases ?? {}, pid: process.pid });
  const column = (label: string) => `    ${label.padEnd(18)}`;
  const lines = [
    '',
    '  tvstream is running',
    `${column('Web app')}${system.webUrl}`,
    `${column('GraphQL endpoint')}${system.gatewayUrl}`,
    `${column('Playground')}${origin}/playground`,
    `${column('Metrics')}${Object.entries(system.urls)
      .map(([name, url]) => `${name} ${new URL('/metrics', url).href}`)
      .join('\n' + column(''))}`,
    databases
      ? `${column('Databases')}${Object.entries(databases)
          .map(([name, url]) => `${name} ${url}`)
          .join('\n' + column(''))}\n${column('')}(embedded PostgreSQL per service, data in ${resolve(DATA, 'pglite')})`
      : `${column('Database')}${external}`,
    `${column('Administrator')}${admin.email} / ${admin.password}`,
    `  Ctrl+C (or kill ${process.pid}) stops everything.`,
    '',
  ];
  console.log(lines.join('\n'));
  const shutdown = async () => {
    forgetRunningSystem();
    await system.stop();
    await Promise.all(embedded?.servers.map((s) => s.stop()) ?? []);
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
  // On the embedded defaults there is nothing to watch yet: load the demo films, plans and channels (and
  // refresh the demo guide to today) while the system already serves.
  if (embedded && process.env.DEMO_CONTENT !== 'false') {
    signIn(system.gatewayUrl, admin.email, admin.password)
      .then((token) => loadDemoContent({ url: system.gatewayUrl, token }))
      .then(
        (r) =>
          console.log(
            `  Demo content      ${r.moviesCreated + r.moviesPresent} films (${r.moviesCreated} new), plans ${r.plans.join(' and ')}, ${r.channels} channels (DEMO_CONTENT=false skips it)`,
          ),
        (error) => console.error(`  Demo content could not be loaded: ${error instanceof Error ? error.message : error}`),
      );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
