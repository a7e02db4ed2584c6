import { createHash } from 'node:crypto';
import { codes, register } from './support/client';

/** Automatic persisted queries, as a third-party client sends them: the hash first, the text only when asked. */
const QUERY = '{ me { id displayName } }';
const persisted = { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(QUERY).digest('hex') } };

async function send(body: object, token: string) {
  const res = await fetch(process.env.GATEWAY_URL!, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, ...((await res.json()) as { data?: { me: { id: string } }; errors?: { extensions?: { code?: string } }[] }) };
}

test('a query sent by hash alone is asked for once, then answered by hash', async () => {
  const viewer = await register();
  const unknown = await send({ extensions: persisted }, viewer.accessToken);
  expect(codes(unknown as Parameters<typeof codes>[0])).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  const registered = await send({ query: QUERY, extensions: persisted }, viewer.accessToken);
  expect(registered.data!.me.id).toBe(viewer.user.id);
  const byHash = await send({ extensions: persisted }, viewer.accessToken);
  expect(byHash.errors).toBeUndefined();
  expect(byHash.data!.me.id).toBe(viewer.user.id);
});

test('a hash that does not match its query is refused', async () => {
  const viewer = await register();
  const forged = await send({ query: '{ me { email } }', extensions: persisted }, viewer.accessToken);
  expect(forged.data).toBeUndefined();
  expect(forged.errors?.length).toBeGreaterThan(0);
});
