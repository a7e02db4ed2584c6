/**
 * Each service's PostgreSQL role (created and granted by the migrations) reaches its own schema and no
 * other one, so a compromised or buggy service cannot read another service's data.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { recreateDatabase, TEST_DATABASE_URL } from '../support/database';

const DATABASE_URL = `${TEST_DATABASE_URL}_roles`;

/** Runs one statement as `role` (the way the service's login would), returning rows or the refusal's code. */
async function asRole(role: string, sql: string): Promise<{ rows: number } | { refused: string }> {
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    await client.query(`SET ROLE ${role}`);
    const result = await client.query(sql);
    return { rows: result.rowCount ?? 0 };
  } catch (error) {
    return { refused: (error as { code?: string }).code ?? String(error) };
  } finally {
    await client.end();
  }
}

const PERMISSION_DENIED = { refused: '42501' };

describe('per-service database roles', () => {
  beforeAll(async () => {
    await recreateDatabase(DATABASE_URL);
    // As a deployment runs them (`npm run db:migrate`, the migration image); the wasm engine is ESM, which
    // Jest's module system does not load.
    const migrate = spawnSync(process.execPath, ['--import', 'tsx', 'prisma/migrate.ts', 'deploy'], {
      cwd: resolve(__dirname, '..', '..'),
      env: { ...process.env, DATABASE_URL },
      encoding: 'utf8',
    });
    expect({ status: migrate.status, stderr: migrate.stderr }).toEqual({ status: 0, stderr: '' });
  }, 120_000);

  test('catalog’s role cannot read identity’s tables', async () => {
    expect(await asRole('tvstream_catalog', 'SELECT * FROM identity."User"')).toEqual(PERMISSION_DENIED);
    expect(await asRole('tvstream_catalog', 'SELECT * FROM identity."RefreshToken"')).toEqual(PERMISSION_DENIED);
  });

  test('each service reads and writes its own schema', async () => {
    expect(await asRole('tvstream_catalog', 'SELECT * FROM catalog."Title"')).toEqual({ rows: 0 });
    expect(await asRole('tvstream_identity', 'SELECT * FROM identity."User"')).toEqual({ rows: 0 });
    expect(await asRole('tvstream_live', 'SELECT * FROM live."Channel"')).toEqual({ rows: 0 });
    expect(await asRole('tvstream_rights', 'SELECT "pendingPlanId" FROM rights."Subscription"')).toEqual({ rows: 0 });
    expect(
      await asRole(
        'tvstream_identity',
        `INSERT INTO identity."OutboxEvent" (id, topic, type, "entityId", "entityVersion", payload) VALUES (gen_random_uuid(), 'identity.users', 'user.registered', 'u1', 1, '{}')`,
      ),
    ).toEqual({ rows: 1 });
  });

  test('a table a later migration adds is granted to its service as it is created', async () => {
    const owner = new Client({ connectionString: DATABASE_URL });
    await owner.connect();
    await owner.query('CREATE TABLE live."LaterFeature" (id serial PRIMARY KEY, note text)').finally(() => owner.end());
    expect(await asRole('tvstream_live', `INSERT INTO live."LaterFeature" (note) VALUES ('granted')`)).toEqual({ rows: 1 });
    expect(await asRole('tvstream_catalog', 'SELECT * FROM live."LaterFeature"')).toEqual(PERMISSION_DENIED);
  });

  test('no service role reaches another service’s schema, nor changes any schema', async () => {
    for (const [role, foreign] of [
      ['tvstream_identity', 'rights."Subscription"'],
      ['tvstream_rights', 'identity."User"'],
      ['tvstream_live', 'catalog."Title"'],
      ['tvstream_search', 'catalog."Title"'],
    ]) {
      expect({ role, foreign, outcome: await asRole(role, `SELECT * FROM ${foreign}`) }).toEqual({ role, foreign, outcome: PERMISSION_DENIED });
    }
    expect(await asRole('tvstream_catalog', 'DROP TABLE catalog."Title"')).toEqual(PERMISSION_DENIED);
    expect(await asRole('tvstream_catalog', 'CREATE TABLE catalog.intruder (id int)')).toEqual(PERMISSION_DENIED);
  });

  test('search may read the outbox tables it follows, and nothing else there', async () => {
    for (const schema of ['catalog', 'live', 'rights']) {
      expect({ schema, outcome: await asRole('tvstream_search', `SELECT * FROM ${schema}."OutboxEvent"`) }).toEqual({ schema, outcome: { rows: 0 } });
    }
    expect(await asRole('tvstream_search', `DELETE FROM catalog."OutboxEvent"`)).toEqual(PERMISSION_DENIED);
  });
});
