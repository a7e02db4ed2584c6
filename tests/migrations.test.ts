import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { TEST_DATABASE_URL } from './support/database';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '..');

/** Runs the migration CLI the way a developer does, in another process (the engine is an ES module + wasm). */
async function migrateCli(args: string[], projectRoot = ROOT) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'prisma', 'migrate.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: TEST_DATABASE_URL, PRISMA_PROJECT_ROOT: projectRoot },
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: e.stdout + e.stderr };
  }
}

describe('committed migrations', () => {
  test('match every subgraph’s schema.prisma', async () => {
    const result = await migrateCli(['check']);
    expect(result.output).toContain('migrations match every schema.prisma');
    expect(result.code).toBe(0);
  });

  test('a schema changed without a migration is reported as drift', async () => {
    // A copy of the repository layout with one subgraph whose schema gained a model.
    const sandbox = mkdtempSync(join(tmpdir(), 'tvstream-drift-'));
    const prismaDir = join(sandbox, 'subgraphs', 'identity', 'prisma');
    mkdirSync(prismaDir, { recursive: true });
    cpSync(join(ROOT, 'subgraphs', 'identity', 'prisma', 'migrations'), join(prismaDir, 'migrations'), { recursive: true });
    const schema = readFileSync(join(ROOT, 'subgraphs', 'identity', 'prisma', 'schema.prisma'), 'utf8');
    writeFileSync(join(prismaDir, 'schema.prisma'), `${schema}\nmodel Watchlist {\n  id String @id\n}\n`);
    const result = await migrateCli(['check'], sandbox);
    expect(result.code).toBe(1);
    expect(result.output).toContain('identity: migrations do not match schema.prisma');
    expect(result.output).toContain('CREATE TABLE "Watchlist"');

    // `npm run db:migration -- identity watchlist` writes the next migration; then nothing drifts.
    const created = await migrateCli(['create', 'identity', 'watchlist'], sandbox);
    expect(created.code).toBe(0);
    const folder = readdirSync(join(prismaDir, 'migrations')).find((name) => name.endsWith('_watchlist'))!;
    expect(readFileSync(join(prismaDir, 'migrations', folder, 'migration.sql'), 'utf8')).toContain('CREATE TABLE "Watchlist"');
    expect((await migrateCli(['check'], sandbox)).code).toBe(0);
  });
});
