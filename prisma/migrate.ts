/**
 * Migrations for every subgraph, through Prisma's wasm schema engine (see engine.ts):
 *   tsx prisma/migrate.ts deploy [subgraph...]        apply committed migrations to DATABASE_URL
 *   tsx prisma/migrate.ts create <subgraph> <name>    write a new migration from a changed schema.prisma
 *   tsx prisma/migrate.ts check                       fail when committed migrations and schemas differ
 * Each subgraph owns the PostgreSQL schema named after it, with its own `_prisma_migrations` table.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { withEngine, type EngineTarget } from './engine';

const ROOT = resolve(__dirname, '..');
export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/tvstream';

export interface SubgraphSchema {
  name: string;
  schemaPath: string;
  migrationsDir: string;
}

/** PRISMA_PROJECT_ROOT points the tool at another checkout (the drift test uses a scratch copy). */
export function discoverSubgraphs(root = process.env.PRISMA_PROJECT_ROOT ?? ROOT): SubgraphSchema[] {
  const base = join(root, 'subgraphs');
  return readdirSync(base)
    .filter((name) => existsSync(join(base, name, 'prisma', 'schema.prisma')))
    .sort()
    .map((name) => ({
      name,
      schemaPath: join(base, name, 'prisma', 'schema.prisma'),
      migrationsDir: join(base, name, 'prisma', 'migrations'),
    }));
}

function migrationsList(dir: string) {
  const names = existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  const lockPath = join(dir, 'migration_lock.toml');
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: names.map((name) => {
      const file = join(dir, name, 'migration.sql');
      return {
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: existsSync(file) ? { tag: 'ok', value: readFileSync(file, 'utf8') } : { tag: 'error', value: 'missing migration.sql' },
        },
      };
    }),
  };
}

const NO_FILTERS = { externalTables: [], externalEnums: [] };

function withDatabase(url: string, database: string) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function adminQuery(url: string, sql: string) {
  const client = new Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Creates the database named in the URL when it does not exist yet. */
export async function ensureDatabase(url: string) {
  const name = new URL(url).pathname.slice(1);
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`Unusual database name ${name}`);
  const exists = await adminQuery(url, `SELECT 1 FROM pg_database WHERE datname = '${name}'`).catch(() => null);
  if (exists && exists.rowCount) return;
  if (!exists) return; // a server without a `postgres` database (e.g. embedded): the URL's database is used as is
  await adminQuery(url, `CREATE DATABASE ${name}`).catch((error: { code?: string }) => {
    if (error.code !== '42P04') throw error;
  });
}

/** A throwaway database for the engine to replay migrations into. */
async function withShadowDatabase<T>(url: string, run: (shadowUrl: string) => Promise<T>): Promise<T> {
  const name = `prisma_shadow_${randomBytes(6).toString('hex')}`;
  await adminQuery(url, `CREATE DATABASE ${name}`);
  try {
    return await run(withDatabase(url, name));
  } finally {
    await adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

function target(subgraph: SubgraphSchema, url: string, shadowUrl?: string): EngineTarget {
  return { url, shadowUrl, schema: subgraph.name, datamodel: [subgraph.schemaPath, readFileSync(subgraph.schemaPath, 'utf8')] };
}

async function ensureSchema(url: string, schema: string) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } finally {
    await client.end();
  }
}

export async function deploy(subgraph: SubgraphSchema, url: string): Promise<string[]> {
  await ensureSchema(url, subgraph.name);
  return withEngine(target(subgraph, url), async (engine) => {
    const out = await engine.applyMigrations({ migrationsList: migrationsList(subgraph.migrationsDir), filters: NO_FILTERS });
    return out.appliedMigrationNames;
  });
}

export async function deployAll(url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL, only: string[] = []) {
  await ensureDatabase(url);
  const applied: Record<string, string[]> = {};
  for (const subgraph of discoverSubgraphs().filter((s) => !only.length || only.includes(s.name))) {
    applied[subgraph.name] = await deploy(subgraph, url);
  }
  return applied;
}

/** The SQL from what the committed migrations build (replayed on a shadow database) to schema.prisma. */
async function migrationsToSchema(subgraph: SubgraphSchema, url: string) {
  await ensureDatabase(url);
  return withShadowDatabase(url, (shadowUrl) =>
    withEngine(target(subgraph, url, shadowUrl), (engine) =>
      engine.diff({
        from: { tag: 'migrations', ...migrationsList(subgraph.migrationsDir) },
        to: { tag: 'schemaDatamodel', files: [{ path: subgraph.schemaPath, content: readFileSync(subgraph.schemaPath, 'utf8') }] },
        script: true,
        exitCode: true,
        shadowDatabaseUrl: shadowUrl,
        filters: NO_FILTERS,
      }),
    ),
  );
}

/**
 * Writes the next migration from migrationsToSchema. The engine's own createMigration cannot reach a shadow
 * database from wasm once migrations exist ("PostgreSQL shadow DB must be provided through an external
 * factory"); diff can.
 */
export async function createMigration(subgraph: SubgraphSchema, name: string, url: string): Promise<string | null> {
  const out = await migrationsToSchema(subgraph, url);
  if (out.exitCode === 0 || !out.stdout) return null;
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const folderName = `${stamp}_${name.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`;
  const folder = join(subgraph.migrationsDir, folderName);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'migration.sql'), out.stdout);
  const lock = join(subgraph.migrationsDir, 'migration_lock.toml');
  if (!existsSync(lock)) writeFileSync(lock, '# Please do not edit this file manually\nprovider = "postgresql"\n');
  return folderName;
}

/** Empty string when the committed migrations produce exactly schema.prisma; otherwise the difference. */
export async function drift(subgraph: SubgraphSchema, url: string): Promise<string> {
  const out = await migrationsToSchema(subgraph, url);
  return out.exitCode === 0 ? '' : (out.stdout ?? '(differs)');
}

export async function checkAll(url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL, subgraphs = discoverSubgraphs()) {
  const problems: string[] = [];
  for (const subgraph of subgraphs) {
    const diff = await drift(subgraph, url);
    if (diff) problems.push(`${subgraph.name}: migrations do not match schema.prisma; run \`npm run db:migration -- ${subgraph.name} <name>\`\n${diff}`);
  }
  return problems;
}

async function main() {
  const [command, ...args] = process.argv.slice(2);
  const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const byName = (name: string) => {
    const found = discoverSubgraphs().find((s) => s.name === name);
    if (!found) throw new Error(`No subgraph ${name} with a prisma/schema.prisma`);
    return found;
  };
  switch (command) {
    case 'deploy': {
      const applied = await deployAll(url, args);
      for (const [name, migrations] of Object.entries(applied))
        console.log(`${name}: ${migrations.length ? `applied ${migrations.join(', ')}` : 'up to date'}`);
      break;
    }
    case 'create': {
      const [name, migrationName] = args;
      if (!name || !migrationName) throw new Error('usage: migrate.ts create <subgraph> <migration_name>');
      const created = await createMigration(byName(name), migrationName, url);
      console.log(created ? `created ${name}/prisma/migrations/${created}` : `${name}: schema unchanged, no migration created`);
      break;
    }
    case 'check': {
      const problems = await checkAll(url, args.length ? args.map(byName) : undefined);
      if (problems.length) {
        console.error(problems.join('\n\n'));
        process.exit(1);
      }
      console.log('migrations match every schema.prisma');
      break;
    }
    default:
      throw new Error('usage: migrate.ts deploy [subgraph...] | create <subgraph> <name> | check [subgraph...]');
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
