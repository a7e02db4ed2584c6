/**
 * The test system's search service runs one rebuild at a time (a second gets CONFLICT REINDEX_RUNNING), and
 * test files run in parallel workers: those that rebuild take turns through a PostgreSQL advisory lock on the
 * test database, held on a connection of their own for as long as their rebuild runs.
 */
import { Client } from 'pg';
import { TEST_DATABASE_URL } from './database';

/** Long enough for another file's rebuild to finish before this one's starts, on a loaded machine. */
export const REINDEX_TEST_MS = 420_000;
/** How long one rebuild of the test system's index may take once it has its turn. */
export const REBUILD_WAIT_MS = 180_000;

export async function oneReindexAtATime<T>(rebuild: () => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: TEST_DATABASE_URL });
  await db.connect();
  try {
    await db.query(`SELECT pg_advisory_lock(hashtext('tests:search-reindex'))`);
    return await rebuild();
  } finally {
    // Ending the session releases the lock, whatever happened to the rebuild.
    await db.end();
  }
}
