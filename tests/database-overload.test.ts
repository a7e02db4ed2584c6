import { GraphQLError } from 'graphql';
import { Pool } from 'pg';
import { formatError } from '@tvstream/service-kit';
import { createCatalogDb } from '../subgraphs/catalog/src/data/client';
import { TEST_DATABASE_URL } from './support/database';

/** When PostgreSQL has no connection free in time, nothing was written and the client may simply retry. */
describe('an overloaded database is a retryable refusal, not an internal error', () => {
  test('no pooled connection free in time → SERVICE_UNAVAILABLE (BUSY)', async () => {
    const pool = new Pool({
      connectionString: TEST_DATABASE_URL,
      max: 1,
      connectionTimeoutMillis: 5_000,
    });
    const held = await pool.connect();
    const error = await pool.connect().then(
      () => null,
      (e: unknown) => e,
    );
    held.release();
    await pool.end();
    const wrapped = new GraphQLError('Internal', { originalError: error as Error });
    expect(formatError({ message: 'x', extensions: { code: 'INTERNAL_SERVER_ERROR' } }, true, wrapped).extensions).toEqual({
      code: 'SERVICE_UNAVAILABLE',
      reason: 'BUSY',
    });
  });
});

/** When PostgreSQL gives up one of two transactions that wait on each other, that one wrote nothing and may be sent again. */
describe('a transaction PostgreSQL gives up in a deadlock is a retryable refusal, not an internal error', () => {
  test('two transactions locking two rows in opposite order → one SERVICE_UNAVAILABLE (CONCURRENT_CHANGE), one written', async () => {
    const db = createCatalogDb(TEST_DATABASE_URL);
    // People no title credits: rows nothing else in the suite reads.
    const run = Date.now().toString(36);
    const [a, b] = await Promise.all(['a', 'b'].map((n) => db.person.create({ data: { name: `deadlock-${run}-${n}` } })));
    let arrived = 0;
    let release!: () => void;
    const bothHoldOne = new Promise<void>((resolve) => (release = resolve));
    const cross = (by: string, first: string, second: string) =>
      db.$transaction(async (tx) => {
        for (const id of [first, second]) {
          const person = await tx.person.findUniqueOrThrow({ where: { id } });
          await tx.person.update({ where: { id }, data: { name: `${person.name}-by-${by}` } });
          if (id === first && ++arrived === 2) release();
          if (id === first) await bothHoldOne;
        }
      });
    try {
      const outcomes = await Promise.allSettled([cross('one', a.id, b.id), cross('two', b.id, a.id)]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
      const failure = (outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason as Error;
      const wrapped = new GraphQLError('Internal', { originalError: failure });
      expect(formatError({ message: 'x', extensions: { code: 'INTERNAL_SERVER_ERROR' } }, true, wrapped).extensions).toEqual({
        code: 'SERVICE_UNAVAILABLE',
        reason: 'CONCURRENT_CHANGE',
      });
      // The refused transaction wrote nothing: both rows carry the other's change alone.
      const winner = outcomes[0].status === 'fulfilled' ? 'one' : 'two';
      const after = await db.person.findMany({ where: { id: { in: [a.id, b.id] } }, orderBy: { name: 'asc' } });
      expect(after.map((p) => p.name)).toEqual([`deadlock-${run}-a-by-${winner}`, `deadlock-${run}-b-by-${winner}`]);
    } finally {
      await db.person.deleteMany({ where: { id: { in: [a.id, b.id] } } });
      await db.$disconnect();
    }
  });
});
