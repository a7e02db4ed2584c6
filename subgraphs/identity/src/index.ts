// Tracing first: it instruments http, express, graphql and pg as they load.
import '@tvstream/service-kit/tracing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import DataLoader from 'dataloader';
import type { Redis } from 'ioredis';
import { parse } from 'graphql';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import {
  alignById,
  createLogger,
  createMetrics,
  createTokenVerifier,
  internalOnly,
  isProduction,
  withOutboxRelay,
  redisFromConfig,
  RedisRevocationCopy,
  requireInternalToken,
  REVOCATION_FEED_PATH,
  revocationPageToJson,
  RevocationMirror,
  runService,
  SessionRevocations,
  sharedServerSettings,
  startSubgraph,
  type RunningService,
} from '@tvstream/service-kit';
import { AccountManager } from './account-manager';
import { loadIdentityConfig, type IdentityConfig } from './config';
import type { IdentityContext } from './context';
import { createIdentityDb } from './data/client';
import { SessionStore } from './data/session-store';
import { UserStore, type UserRecord } from './data/user-store';
import { KNOWN_ADDRESS_SECONDS, LoginThrottle } from './domain/login-throttle';
import { RevocationStore } from './data/revocation-store';
import { loadSigningKeys } from './keys';
import { RevocationCopier } from './revocation-copier';
import { identityPolicies } from './policies';
import { resolvers } from './resolvers';

export const typeDefs = parse(readFileSync(join(__dirname, '..', 'schema.graphql'), 'utf8'));

function limiter(redis: Redis | null, keyPrefix: string, points: number, duration: number): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ keyPrefix, points, duration });
  // With Redis, limits hold across identity instances; if Redis fails, the in-process limiter takes over.
  return redis ? new RateLimiterRedis({ storeClient: redis, keyPrefix, points, duration, insuranceLimiter: memory }) : memory;
}

export async function startIdentity(config: IdentityConfig = loadIdentityConfig()): Promise<RunningService> {
  const log = createLogger('identity', config.LOG_LEVEL);
  const metrics = createMetrics('identity');
  requireInternalToken(config, 'identity');
  const db = createIdentityDb(config.DATABASE_URL, () => metrics.dbQueries.inc());
  const redis = redisFromConfig(config);
  const revocationStore = new RevocationStore(db);
  const revocations = new RevocationCopier(revocationStore, redis && new RedisRevocationCopy(redis), log);
  const keys = loadSigningKeys(config);
  const users = new UserStore(db);
  const accounts = new AccountManager({
    users,
    sessions: new SessionStore(db),
    keys,
    tokenPolicy: { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS },
    refreshTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
    revocations,
    passwordCost: { N: config.PASSWORD_SCRYPT_N, r: 8, p: 1 },
    throttle: new LoginThrottle({
      perIp: limiter(redis, 'login:ip', config.LOGIN_MAX_ATTEMPTS_PER_IP, config.LOGIN_IP_WINDOW_SECONDS),
      perAccountAndIp: limiter(redis, 'login:acct-ip', config.LOGIN_MAX_CONSECUTIVE_FAILURES, config.LOGIN_FAILURE_WINDOW_SECONDS),
      perAccount: limiter(redis, 'login:acct', config.LOGIN_MAX_FAILURES_PER_ACCOUNT, config.LOGIN_ACCOUNT_WINDOW_SECONDS),
      knownAddresses: limiter(redis, 'login:known', 1, KNOWN_ADDRESS_SECONDS),
      registrations: limiter(redis, 'register:ip', config.REGISTER_MAX_PER_IP, config.REGISTER_IP_WINDOW_SECONDS),
      refreshes: limiter(redis, 'refresh:ip', config.REFRESH_MAX_PER_IP, config.REFRESH_IP_WINDOW_SECONDS),
    }),
  });

  if (config.BOOTSTRAP_ADMIN_EMAIL && config.BOOTSTRAP_ADMIN_PASSWORD) {
    await accounts.ensureBootstrapAdmin(config.BOOTSTRAP_ADMIN_EMAIL, config.BOOTSTRAP_ADMIN_PASSWORD);
  }

  const service = await startSubgraph<IdentityContext>({
    name: 'identity',
    metrics,
    typeDefs,
    resolvers,
    policies: identityPolicies,
    ...sharedServerSettings(config),
    port: config.IDENTITY_PORT,
    trustedProxies: config.TRUSTED_PROXIES,
    log,
    // Identity verifies its own tokens with its own keys: no HTTP round trip to itself.
    verifyToken: createTokenVerifier({
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      getPublicKey: async (kid) => keys.publicKey(kid),
    }),
    // Its own tokens are checked like everywhere else: Redis while it holds the marker, else the table itself.
    revocations: new SessionRevocations(redis, new RevocationMirror((since) => revocationStore.page(since), log)),
    extendContext: (base, req) => ({
      ...base,
      accounts,
      users,
      clientIp: req.ip ?? 'unknown',
      userById: new DataLoader<string, UserRecord | null>(async (ids) => alignById(ids, await users.findManyByIds(ids))),
    }),
    readiness: { database: async () => void (await db.$queryRaw`SELECT 1`) },
    routes: (app) => {
      app.get('/.well-known/jwks.json', (_req, res) => {
        res.set('Cache-Control', 'public, max-age=300').json(keys.jwks());
      });
      // The revocation feed every service falls back on (no Redis, or a Redis that lost its keys); internal only.
      app.get(REVOCATION_FEED_PATH, internalOnly(config.INTERNAL_API_TOKEN, isProduction(config)), (req, res, next) => {
        const since = typeof req.query.since === 'string' ? new Date(req.query.since) : null;
        if (since && Number.isNaN(since.getTime())) return void res.status(400).json({ error: '`since` must be an ISO 8601 instant' });
        revocationStore.page(since).then((page) => res.set('Cache-Control', 'no-store').json(revocationPageToJson(page)), next);
      });
    },
  });
  revocations.start(config.REVOCATION_SYNC_SECONDS * 1000);
  const serving = {
    ...service,
    stop: async () => {
      await revocations.stop();
      await service.stop();
    },
  };
  return withOutboxRelay(serving, { service: 'identity', db, log, metrics, alsoClose: () => redis?.disconnect() });
}

if (require.main === module) runService('identity', startIdentity);
