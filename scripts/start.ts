/**
 * `npm start`: the whole system on one machine. With DATABASE_URL set it uses that PostgreSQL; without it,
 * an embedded PostgreSQL (PGlite) keeps its data under .data/. The first administrator's credentials are
 * taken from BOOTSTRAP_ADMIN_EMAIL / BOOTSTRAP_ADMIN_PASSWORD, or generated once and printed.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { deployAll } from '../prisma/migrate';
import { startEmbeddedPostgres } from '../prisma/embedded-postgres';
import { startSystem } from './system';

const DATA = resolve(__dirname, '..', '.data');

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

async function main() {
  const embedded = process.env.DATABASE_URL
    ? null
    : await startEmbeddedPostgres({ dataDir: resolve(DATA, 'pglite'), port: Number(process.env.EMBEDDED_POSTGRES_PORT ?? 54329) });
  const databaseUrl = process.env.DATABASE_URL ?? embedded!.url;
  await deployAll(databaseUrl);
  const admin = adminCredentials();
  const system = await startSystem({
    env: {
      DATABASE_URL: databaseUrl,
      BOOTSTRAP_ADMIN_EMAIL: admin.email,
      BOOTSTRAP_ADMIN_PASSWORD: admin.password,
      ...(embedded ? { DATABASE_POOL_MAX: '1' } : {}),
    },
  });
  const origin = new URL(system.gatewayUrl).origin;
  console.log(`
  tvstream is running
    GraphQL endpoint  ${system.gatewayUrl}
    Playground        ${origin}/playground
    Database          ${embedded ? `embedded PostgreSQL (${embedded.url})` : 'DATABASE_URL'}
    Administrator     ${admin.email} / ${admin.password}
  Ctrl+C stops everything.
`);
  const shutdown = async () => {
    await system.stop();
    await embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
