import { GraphQLError } from 'graphql';
import { Pool } from 'pg';
import { formatError } from '@tvstream/service-kit';
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
