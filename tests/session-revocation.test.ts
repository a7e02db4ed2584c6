import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { startSystem, type RunningSystem } from '../scripts/system';
import { AUTH_FIELDS, codes, gql, STRONG_PASSWORD, uniqueEmail, type Session } from './support/client';
import { TEST_DATABASE_URL } from './support/database';
import { PORT_OFFSETS, testPort } from './support/ports';
import { eventually } from './support/eventually';
import { startTestGateway, type TestGateway } from './support/gateway';

/**
 * Access tokens already issued stop working within seconds of logout, disableUser or changePassword: at the
 * suite's gateway (Redis), at a gateway without Redis (identity's feed), in a system whose Redis lost every
 * key (the feed until identity copies them back), and at a subgraph called directly.
 */

const ROOT = resolve(__dirname, '..');
// Identity's Redis keys (service-kit's revocation.ts), spelled out so this file runs against any version.
const REVOCATION_MARKER_KEY = 'revoked:complete';
const revokedSessionKey = (id: string) => `revoked:session:${id}`;
const revokedUserKey = (id: string) => `revoked:user:${id}`;
const ME = `{ me { id } }`;
const LOST_KEYS_BASE_PORT = testPort(PORT_OFFSETS.lostKeys);

async function register(url: string): Promise<Session> {
  const res = await gql<{ register: Session }>(
    `mutation($input: RegisterInput!) { register(input: $input) { ${AUTH_FIELDS} } }`,
    { input: { email: uniqueEmail('revoked'), password: STRONG_PASSWORD, displayName: 'Test Viewer' } },
    { url },
  );
  if (!res.data?.register) throw new Error(`register failed: ${JSON.stringify(res.errors)}`);
  return res.data.register;
}

async function login(url: string, email: string, password: string): Promise<Session> {
  const res = await gql<{ login: Session }>(
    `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { ${AUTH_FIELDS} } }`,
    { e: email, p: password },
    { url },
  );
  if (!res.data?.login) throw new Error(`login failed: ${JSON.stringify(res.errors)}`);
  return res.data.login;
}

const accepted = async (url: string, token: string) => (await gql(ME, {}, { token, url })).data?.me?.id;

/** Polls with a token until it is refused (an answer is relied on for a couple of seconds everywhere). */
async function refusedWithin(url: string, token: string, query = ME, timeoutMs = 30_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await gql(query, {}, { token, url });
    if (res.errors) return codes(res) as string[];
    if (Date.now() > deadline) throw new Error('the token still works');
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Asks again and again for `ms` (longer than any cached answer): the token must be refused every time. */
async function refusedThroughout(url: string, token: string, ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    expect(codes(await gql(ME, {}, { token, url }))).toEqual(['UNAUTHENTICATED']);
    await new Promise((r) => setTimeout(r, 250));
  }
}

interface Revoked {
  token: string;
  userId: string;
  sessionId: string | null;
}

interface Target {
  /** Where the mutations and the checks go. */
  url: () => string;
  /** Runs once the token is refused: the key-losing system deletes its Redis keys here. */
  afterRefused?: (revoked: Revoked) => Promise<void>;
}

const sessionIdOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { sid?: string }).sid ?? null;

/** logout, disableUser and changePassword, each checked at `target`. */
function revocationCases(target: Target) {
  test('logout ends the session’s access token, not the account’s other sessions', async () => {
    const url = target.url();
    const first = await register(url);
    const second = await login(url, first.user.email, STRONG_PASSWORD);
    expect(await accepted(url, first.accessToken)).toBe(first.user.id);
    const out = await gql(`mutation($t: String!) { logout(refreshToken: $t) }`, { t: first.refreshToken }, { token: first.accessToken, url });
    expect(out.data?.logout).toBe(true);
    expect(await refusedWithin(url, first.accessToken)).toEqual(['UNAUTHENTICATED']);
    await target.afterRefused?.({ token: first.accessToken, userId: first.user.id, sessionId: sessionIdOf(first.accessToken) });
    expect(await accepted(url, second.accessToken)).toBe(first.user.id);
  });

  test('disableUser ends every access token of the account', async () => {
    const url = target.url();
    const admin = await login(url, process.env.TEST_ADMIN_EMAIL!, process.env.TEST_ADMIN_PASSWORD!);
    const viewer = await register(url);
    expect(await accepted(url, viewer.accessToken)).toBe(viewer.user.id);
    const res = await gql(`mutation($id: ID!) { disableUser(userId: $id) { disabled } }`, { id: viewer.user.id }, { token: admin.accessToken, url });
    expect(res.data?.disableUser.disabled).toBe(true);
    expect(await refusedWithin(url, viewer.accessToken)).toEqual(['UNAUTHENTICATED']);
    await target.afterRefused?.({ token: viewer.accessToken, userId: viewer.user.id, sessionId: null });
  });

  test('changePassword ends the access tokens of every other session, not the caller’s; signing in with the new password works', async () => {
    const url = target.url();
    const session = await register(url);
    const elsewhere = await login(url, session.user.email, STRONG_PASSWORD);
    const res = await gql(
      `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`,
      { c: STRONG_PASSWORD, n: 'a brand new passphrase' },
      { token: session.accessToken, url },
    );
    expect(res.data?.changePassword).toBe(true);
    expect(await refusedWithin(url, elsewhere.accessToken)).toEqual(['UNAUTHENTICATED']);
    await target.afterRefused?.({ token: elsewhere.accessToken, userId: session.user.id, sessionId: sessionIdOf(elsewhere.accessToken) });
    // The caller's own session is spared: its token still answers once the other one is refused.
    expect(await accepted(url, session.accessToken)).toBe(session.user.id);
    const fresh = await login(url, session.user.email, 'a brand new passphrase');
    expect(await accepted(url, fresh.accessToken)).toBe(session.user.id);
  });
}

describe('session revocation at the suite’s gateway (Redis)', () => {
  revocationCases({ url: () => process.env.GATEWAY_URL! });

  test('a subgraph called directly refuses a revoked token too', async () => {
    const url = process.env.GATEWAY_URL!;
    const session = await register(url);
    const direct = (subgraph: string) => gql(`{ __typename }`, {}, { token: session.accessToken, url: process.env[`SUBGRAPH_${subgraph}_URL`] });
    for (const subgraph of ['IDENTITY', 'CATALOG', 'LIVE', 'RIGHTS', 'SEARCH'])
      expect({ subgraph, errors: (await direct(subgraph)).errors }).toEqual({ subgraph, errors: undefined });
    await gql(`mutation($t: String!) { logout(refreshToken: $t) }`, { t: session.refreshToken }, { token: session.accessToken, url });
    for (const subgraph of ['IDENTITY', 'CATALOG', 'LIVE', 'RIGHTS', 'SEARCH'])
      expect({ subgraph, codes: await refusedWithin(process.env[`SUBGRAPH_${subgraph}_URL`]!, session.accessToken, `{ __typename }`) }).toEqual({
        subgraph,
        codes: ['UNAUTHENTICATED'],
      });
  });

  test('identity’s feed answers only callers presenting INTERNAL_API_TOKEN', async () => {
    const feed = new URL('/internal/revocations', process.env.IDENTITY_URL).href;
    expect((await fetch(feed)).status).toBe(401);
    expect((await fetch(feed, { headers: { authorization: 'Bearer not-the-internal-token-not-the-internal-token' } })).status).toBe(401);
    const res = await fetch(feed, { headers: { authorization: `Bearer ${process.env.INTERNAL_API_TOKEN}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { asOf: string; revocations: { kind: string }[] };
    expect(body.revocations.some((r) => r.kind === 'SESSION')).toBe(true);
  });
});

describe('session revocation at a gateway without Redis (identity’s feed)', () => {
  let gateway: TestGateway;

  beforeAll(async () => {
    // The suite's subgraphs (SUBGRAPH_*_URL) and identity's feed with the suite's INTERNAL_API_TOKEN; no Redis.
    gateway = await startTestGateway('the gateway without Redis', PORT_OFFSETS.noRedisGateway, { REDIS_URL: '' });
  });

  afterAll(() => gateway?.stop());

  revocationCases({ url: () => gateway.url });
});

describe('session revocation in a system whose Redis lost its keys', () => {
  // A system of its own (identity and a gateway, the suite's database) under a Redis key prefix of its own, so
  // deleting its keys touches nothing the suite's system or other files rely on. No INTERNAL_API_TOKEN: the
  // feed answers callers on this machine only, as in development.
  const prefix = `revocation-test-${randomUUID()}:`;
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  let system: RunningSystem;
  let redis: Redis;

  /** Every key of this system's prefix, the way a flush (or a failover to an empty replica) loses them. */
  async function deleteEveryKey() {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  }

  beforeAll(async () => {
    redis = new Redis(redisUrl);
    system = await startSystem({
      basePort: LOST_KEYS_BASE_PORT,
      only: ['identity', 'gateway'],
      web: false,
      logDir: resolve(ROOT, '.data', 'test-logs', 'revocation-lost-keys'),
      // The subgraphs not started here are the suite's.
      subgraphUrls: Object.fromEntries(['catalog', 'live', 'rights', 'search'].map((s) => [s, process.env[`SUBGRAPH_${s.toUpperCase()}_URL`]!])),
      env: {
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: TEST_DATABASE_URL,
        REDIS_URL: redisUrl,
        REDIS_KEY_PREFIX: prefix,
        INTERNAL_API_TOKEN: '',
        IDENTITY_SIGNING_KEYS: process.env.TEST_SIGNING_KEYS,
        // Copies back a few seconds after a loss: meanwhile the gateway and identity read the feed.
        REVOCATION_SYNC_SECONDS: '5',
        LOGIN_MAX_ATTEMPTS_PER_IP: '100000',
        REGISTER_MAX_PER_IP: '100000',
        REFRESH_MAX_PER_IP: '100000',
        PASSWORD_SCRYPT_N: '4096',
        KAFKA_BROKERS: '',
        OTEL_TRACES_EXPORTER: 'none',
      },
    });
  });

  afterAll(async () => {
    await system?.stop();
    if (redis) {
      await deleteEveryKey();
      await redis.quit();
    }
  });

  revocationCases({
    url: () => system.gatewayUrl,
    afterRefused: async ({ token, userId, sessionId }) => {
      const key = sessionId ? revokedSessionKey(sessionId) : revokedUserKey(userId);
      // Just after start-up identity may not have written its marker yet (its first copy runs after
      // REVOCATION_SYNC_SECONDS); the refusal seen above came from the feed meanwhile.
      await eventually(
        async () => (await redis.exists(`${prefix}${key}`, `${prefix}${REVOCATION_MARKER_KEY}`)) === 2,
        20_000,
        'Redis to hold the revocation and identity’s marker',
      );
      await deleteEveryKey();
      // Longer than any cached answer: the feed refuses it while Redis holds nothing, at the gateway and at identity.
      await refusedThroughout(system.gatewayUrl, token, 3_000);
      expect(codes(await gql(ME, {}, { token, url: system.urls.identity }))).toEqual(['UNAUTHENTICATED']);
      // Identity notices the missing marker and copies every live revocation back.
      await eventually(
        async () => (await redis.exists(`${prefix}${key}`, `${prefix}${REVOCATION_MARKER_KEY}`)) === 2,
        20_000,
        'identity to copy the revocations back into Redis',
      );
      expect(codes(await gql(ME, {}, { token, url: system.gatewayUrl }))).toEqual(['UNAUTHENTICATED']);
    },
  });
});
