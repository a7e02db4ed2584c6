import { Redis } from 'ioredis';
import { RedisPersistedQueries } from './persisted-queries';

// Where no Redis answers (a port nothing listens on), as the gateway's client is configured: no offline queue.
const unreachable = () =>
  new Redis({ host: '127.0.0.1', port: 9, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: () => null });

test('a Redis that does not answer is a miss, and a registration not stored is reported, not thrown', async () => {
  const redis = unreachable();
  const notStored: unknown[] = [];
  const queries = new RedisPersistedQueries(redis, (error) => notStored.push(error));
  await expect(queries.get('apq:abc')).resolves.toBeUndefined();
  await expect(queries.set('apq:abc', '{ me { id } }', { ttl: 900 })).resolves.toBeUndefined();
  expect(notStored).toHaveLength(1);
  redis.disconnect();
});
