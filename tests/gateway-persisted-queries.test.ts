import { createHash, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { persistedQueryKey } from '../gateway/src/persisted-queries';
import { codes, register } from './support/client';
import { startTestGateway, type TestGateway } from './support/gateway';
import { PORT_OFFSETS } from './support/ports';

/** Automatic persisted queries, as a third-party client sends them: the hash first, the text only when asked. */

/**
 * A query no other test or run registered, and the body that sends it by hash alone: registrations outlive a
 * run in Redis (PERSISTED_QUERIES_TTL_SECONDS), so the hash is unknown until the test sends the text.
 */
function queryOfItsOwn(selection: string) {
  const query = `query Run${randomUUID().replaceAll('-', '')} ${selection}`;
  const sha256Hash = createHash('sha256').update(query).digest('hex');
  return { query, sha256Hash, byHash: { extensions: { persistedQuery: { version: 1, sha256Hash } } } };
}

const { query: QUERY, byHash: BY_HASH } = queryOfItsOwn('{ me { id displayName } }');

async function send(body: object, token: string, url = process.env.GATEWAY_URL!) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, ...((await res.json()) as { data?: { me: { id: string } }; errors?: { extensions?: { code?: string } }[] }) };
}

test('a query sent by hash alone is asked for once, then answered by hash', async () => {
  const viewer = await register();
  const unknown = await send(BY_HASH, viewer.accessToken);
  expect(codes(unknown as Parameters<typeof codes>[0])).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  const registered = await send({ query: QUERY, ...BY_HASH }, viewer.accessToken);
  expect(registered.data!.me.id).toBe(viewer.user.id);
  const answered = await send(BY_HASH, viewer.accessToken);
  expect(answered.errors).toBeUndefined();
  expect(answered.data!.me.id).toBe(viewer.user.id);
});

test('a hash that does not match its query is refused', async () => {
  const viewer = await register();
  const forged = await send({ query: '{ me { email } }', ...BY_HASH }, viewer.accessToken);
  expect(forged.data).toBeUndefined();
  expect(forged.errors?.length).toBeGreaterThan(0);
});

describe('across gateway replicas (Redis)', () => {
  const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  let replica: TestGateway;
  let redis: Redis;

  beforeAll(async () => {
    // A second gateway in front of the same subgraphs and the same Redis, as a second pod would be.
    replica = await startTestGateway('a second gateway replica', PORT_OFFSETS.persistedQueriesReplica, { REDIS_URL });
    redis = new Redis(REDIS_URL);
  });

  afterAll(async () => {
    await replica?.stop();
    await redis?.quit();
  });

  test('a query registered with one replica is answered by hash at the other, for the TTL', async () => {
    const viewer = await register();
    const { query, sha256Hash, byHash } = queryOfItsOwn('{ me { id } }');

    expect(codes((await send(byHash, viewer.accessToken, replica.url)) as Parameters<typeof codes>[0])).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect((await send({ query, ...byHash }, viewer.accessToken)).data!.me.id).toBe(viewer.user.id);
    const atReplica = await send(byHash, viewer.accessToken, replica.url);
    expect(atReplica.errors).toBeUndefined();
    expect(atReplica.data!.me.id).toBe(viewer.user.id);

    // Anyone may register: each registration expires (PERSISTED_QUERIES_TTL_SECONDS, 900 by default).
    const ttl = await redis.ttl(persistedQueryKey(sha256Hash));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(900);
  });
});
