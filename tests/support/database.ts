import { Client } from 'pg';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/tvstream_test';

/** Drops and recreates the test database, so every run starts from the committed migrations. */
export async function recreateDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`Refusing unusual database name ${name}`);
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
}

/** One query on its own connection (tests read what was, or was not, written, events included). */
export async function sqlRows<R extends Record<string, unknown>>(
  sql: string,
  params: unknown[] = [],
  databaseUrl = TEST_DATABASE_URL,
  before?: string,
): Promise<R[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    if (before) await client.query(before);
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
