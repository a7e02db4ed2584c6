import type { Redis } from 'ioredis';

/** Apollo Server adds its own `apq:` after this. */
const PREFIX = 'gateway:';
/** Where the text of the query registered under a SHA-256 hash is kept in Redis. */
export const persistedQueryKey = (sha256Hash: string) => `${PREFIX}apq:${sha256Hash}`;

/**
 * Automatic persisted queries in Redis, so every gateway replica (and every worker of one) answers by hash a
 * query a third-party client registered with any of them; in one process's memory, a client moved to another
 * replica would be asked for its text again on every hash it sent. Registrations are open to anyone, so each
 * lasts the TTL Apollo Server passes (PERSISTED_QUERIES_TTL_SECONDS), which bounds what they hold in Redis.
 * A Redis that does not answer is a miss: the client sends the text again, as the protocol has it do. Apollo
 * Server's `persistedQueries.cache` takes it (its KeyValueCache, checked where it is passed).
 */
export class RedisPersistedQueries {
  constructor(
    private readonly redis: Redis,
    private readonly notStored: (error: unknown) => void,
  ) {}

  async get(key: string) {
    return (await this.redis.get(`${PREFIX}${key}`).catch(() => null)) ?? undefined;
  }

  async set(key: string, query: string, options?: { ttl?: number | null }) {
    const stored = options?.ttl ? this.redis.set(`${PREFIX}${key}`, query, 'EX', options.ttl) : this.redis.set(`${PREFIX}${key}`, query);
    await stored.catch(this.notStored);
  }

  async delete(key: string) {
    await this.redis.del(`${PREFIX}${key}`).catch(this.notStored);
  }
}
