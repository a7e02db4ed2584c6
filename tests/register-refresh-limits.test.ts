import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { startSystem, type RunningSystem } from '../scripts/system';
import { AUTH_FIELDS, codes, gql, STRONG_PASSWORD, uniqueEmail, type Session } from './support/client';
import { TEST_DATABASE_URL } from './support/database';
import { PORT_OFFSETS, testPort } from './support/ports';

/**
 * `register` and `refreshToken` are limited per client address, in Redis, and the address is the one the
 * gateway saw: an X-Forwarded-For the client forged does not choose another key. A system of its own (identity
 * and a gateway, the suite's database and other subgraphs) with small limits and a Redis key prefix of its
 * own, logging at debug level, so its logs also show that no password or token is ever written.
 */

const ROOT = resolve(__dirname, '..');
// Clear of the suite's ports (+0…+5) and of the other files' (+20…, +30…, +40, +50…, +60, +64, +80, +82, +97).
const BASE_PORT = testPort(PORT_OFFSETS.registerRefreshLimits);
const LIMIT = 3;
const LOG_DIR = resolve(ROOT, '.data', 'test-logs', 'register-refresh-limits');
const prefix = `limits-test-${randomUUID()}:`;
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const REGISTER = `mutation($i: RegisterInput!) { register(input: $i) { ${AUTH_FIELDS} } }`;
const REFRESH = `mutation($t: String!) { refreshToken(refreshToken: $t) { ${AUTH_FIELDS} } }`;
const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { ${AUTH_FIELDS} } }`;

let system: RunningSystem;
let redis: Redis;
/** Every secret a client sent or was given here; none may appear in a log line. */
const secrets = new Set<string>();

const forged = () => ({ 'x-forwarded-for': `203.0.113.${Math.floor(Math.random() * 250) + 1}` });

beforeAll(async () => {
  redis = new Redis(redisUrl);
  system = await startSystem({
    basePort: BASE_PORT,
    only: ['identity', 'gateway'],
    web: false,
    logDir: LOG_DIR,
    subgraphUrls: Object.fromEntries(['catalog', 'live', 'rights', 'search'].map((s) => [s, process.env[`SUBGRAPH_${s.toUpperCase()}_URL`]!])),
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: 'debug',
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: prefix,
      IDENTITY_SIGNING_KEYS: process.env.TEST_SIGNING_KEYS,
      LOGIN_MAX_ATTEMPTS_PER_IP: '100000',
      REGISTER_MAX_PER_IP: String(LIMIT),
      REFRESH_MAX_PER_IP: String(LIMIT),
      PASSWORD_SCRYPT_N: '4096',
      KAFKA_BROKERS: '',
      OTEL_TRACES_EXPORTER: 'none',
    },
  });
}, 600_000);

afterAll(async () => {
  await system?.stop();
  if (redis) {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    await redis.quit();
  }
});

const registerAt = (url: string, headers: Record<string, string>) => {
  const password = `${STRONG_PASSWORD} ${randomUUID().slice(0, 6)}`;
  secrets.add(password);
  return gql<{ register: Session }>(REGISTER, { i: { email: uniqueEmail('limits'), password, displayName: 'Limit Tester' } }, { url, headers });
};

const remember = (session?: Session) => {
  if (session) for (const secret of [session.accessToken, session.refreshToken]) secrets.add(secret);
  return session;
};

test('register: a few accounts per address, whatever X-Forwarded-For the client forges, counted in Redis', async () => {
  for (let i = 0; i < LIMIT; i++) {
    const res = await registerAt(system.gatewayUrl, forged());
    expect(res.errors).toBeUndefined();
    remember(res.data?.register);
  }
  const refused = await registerAt(system.gatewayUrl, forged());
  expect(codes(refused)).toEqual(['RATE_LIMITED']);
  expect(refused.errors![0].extensions!.retryAfterSeconds).toBeGreaterThan(0);
  // Another client (as the gateway reports it to identity) has its own allowance.
  const elsewhere = await registerAt(system.urls.identity, { 'x-forwarded-for': '198.51.100.77' });
  expect(elsewhere.errors).toBeUndefined();
  remember(elsewhere.data?.register);
  expect((await redis.keys(`${prefix}register:ip*`)).length).toBeGreaterThanOrEqual(2);
});

test('refreshToken: a few exchanges per address, whatever X-Forwarded-For the client forges, counted in Redis', async () => {
  const first = await registerAt(system.urls.identity, { 'x-forwarded-for': '198.51.100.78' });
  let session = remember(first.data?.register)!;
  expect(session).toBeDefined();
  for (let i = 0; i < LIMIT; i++) {
    const res = await gql<{ refreshToken: Session }>(REFRESH, { t: session.refreshToken }, { url: system.gatewayUrl, headers: forged() });
    expect(res.errors).toBeUndefined();
    session = remember(res.data!.refreshToken)!;
  }
  const refused = await gql(REFRESH, { t: session.refreshToken }, { url: system.gatewayUrl, headers: forged() });
  expect(codes(refused)).toEqual(['RATE_LIMITED']);
  // The refused exchange spent nothing: the same token still works for a client at another address.
  const elsewhere = await gql<{ refreshToken: Session }>(
    REFRESH,
    { t: session.refreshToken },
    { url: system.urls.identity, headers: { 'x-forwarded-for': '198.51.100.79' } },
  );
  expect(elsewhere.errors).toBeUndefined();
  remember(elsewhere.data?.refreshToken);
  expect((await redis.keys(`${prefix}refresh:ip*`)).length).toBeGreaterThanOrEqual(2);
});

test('no password, refresh token or access token is ever written to a log, even at debug level', async () => {
  // A sign-in with a wrong password and one with the right one, so both paths have logged what they log.
  const password = `${STRONG_PASSWORD} ${randomUUID().slice(0, 6)}`;
  secrets.add(password);
  const email = uniqueEmail('logs');
  const registered = await gql<{ register: Session }>(
    REGISTER,
    { i: { email, password, displayName: 'Log Tester' } },
    { url: system.urls.identity, headers: { 'x-forwarded-for': '198.51.100.80' } },
  );
  remember(registered.data?.register);
  const wrong = 'a wrong password that must not be logged';
  secrets.add(wrong);
  expect(codes(await gql(LOGIN, { e: email, p: wrong }, { url: system.gatewayUrl }))).toEqual(['UNAUTHENTICATED']);
  const signedIn = await gql<{ login: Session }>(LOGIN, { e: email, p: password }, { url: system.gatewayUrl });
  remember(signedIn.data?.login);
  expect(signedIn.errors).toBeUndefined();
  // A refresh token that was never issued: its refusal must not echo it either (from an address whose refresh
  // allowance the test above did not spend).
  const unknown = `unknown-${randomUUID()}`;
  secrets.add(unknown);
  expect(codes(await gql(REFRESH, { t: unknown }, { url: system.urls.identity, headers: { 'x-forwarded-for': '198.51.100.81' } }))).toEqual([
    'UNAUTHENTICATED',
  ]);

  const logs = ['identity', 'gateway'].map((service) => readFileSync(resolve(LOG_DIR, `${service}.log`), 'utf8')).join('\n');
  // The services did log at debug level: an empty log would prove nothing.
  expect(logs.length).toBeGreaterThan(0);
  expect(secrets.size).toBeGreaterThan(10);
  const leaked = [...secrets].filter((secret) => logs.includes(secret));
  expect(leaked).toEqual([]);
});
