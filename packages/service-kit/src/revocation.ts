import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { Request, RequestHandler } from 'express';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Viewer } from './auth';
import { isProduction, type BaseConfig } from './config';

/** How long a service relies on what it last read: a revocation takes effect everywhere within this. */
export const REVOCATION_CACHE_MS = 2_000;

/**
 * How far back each read of the feed reaches before the previous read's `asOf`: a revocation is stamped when
 * its transaction starts and visible when it commits, so a read can miss one that commits later. Longer than
 * any transaction may run (TRANSACTION_OPTIONS.timeout), with room for clock skew between identity's replicas.
 */
export const FEED_OVERLAP_MS = 60_000;

/** The Redis key identity keeps while Redis holds every live revocation; gone (a flush, a failover), Redis is not trusted. */
export const REVOCATION_MARKER_KEY = 'revoked:complete';
export const revokedSessionKey = (sessionId: string) => `revoked:session:${sessionId}`;
export const revokedUserKey = (userId: string) => `revoked:user:${userId}`;

/** The path identity serves the feed at (beside its JWKS); not part of the supergraph. */
export const REVOCATION_FEED_PATH = '/internal/revocations';

/** One revocation as the feed serves it. */
export interface Revocation {
  kind: 'SESSION' | 'USER';
  /** The session id (SESSION) or the account id (USER). */
  subject: string;
  /** USER: tokens whose account version is below this stop working. */
  version: number | null;
  expiresAt: Date;
}

export interface RevocationPage {
  /** identity's clock when it read the page: the next read asks for what was recorded since (minus FEED_OVERLAP_MS). */
  asOf: Date;
  revocations: Revocation[];
}

/** Reads the live revocations recorded since `since` (all of them when null). */
export type RevocationSource = (since: Date | null) => Promise<RevocationPage>;

interface WireRevocation {
  kind: 'SESSION' | 'USER';
  subject: string;
  version: number | null;
  expiresAt: string;
}

export const revocationPageToJson = (page: RevocationPage) => ({
  asOf: page.asOf.toISOString(),
  revocations: page.revocations.map((r) => ({ kind: r.kind, subject: r.subject, version: r.version, expiresAt: r.expiresAt.toISOString() })),
});

/** identity's feed over HTTP, with the internal token when one is configured. */
export function httpRevocationSource(url: string, internalToken: string | undefined, timeoutMs = 3_000): RevocationSource {
  return async (since) => {
    const target = new URL(url);
    if (since) target.searchParams.set('since', since.toISOString());
    const res = await fetch(target, {
      headers: internalToken ? { authorization: `Bearer ${internalToken}` } : {},
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!res.ok) throw new Error(`the revocation feed answered ${res.status}`);
    const body = (await res.json()) as { asOf: string; revocations: WireRevocation[] };
    return {
      asOf: new Date(body.asOf),
      revocations: body.revocations.map((r) => ({ ...r, expiresAt: new Date(r.expiresAt) })),
    };
  };
}

/** Where a service reads identity's feed: beside the JWKS it already fetches keys from. */
export const revocationFeedUrl = (jwksUrl: string) => new URL(REVOCATION_FEED_PATH, jwksUrl).href;

/**
 * A copy of identity's live revocations in this process, read through: a check finds it at most
 * REVOCATION_CACHE_MS old, or waits for one read of what was recorded since the last (one read at a time).
 * When the feed cannot be read the copy stays as it was (logged): tokens it does not name keep working.
 */
export class RevocationMirror {
  private readonly sessions = new Map<string, number>();
  private readonly users = new Map<string, { version: number; expiresAt: number }>();
  private asOf: Date | null = null;
  private freshUntil = 0;
  private reading: Promise<void> | null = null;
  private lastFailureLogged = -Infinity;

  constructor(
    private readonly source: RevocationSource,
    private readonly log?: Pick<Logger, 'warn'>,
    private readonly now: () => number = Date.now,
  ) {}

  async sessionRevoked(sessionId: string): Promise<boolean> {
    await this.fresh();
    return (this.sessions.get(sessionId) ?? 0) > this.now();
  }

  /** The account version older tokens fall below, if the account has one in force. */
  async userCutoff(userId: string): Promise<number | null> {
    await this.fresh();
    const entry = this.users.get(userId);
    return entry && entry.expiresAt > this.now() ? entry.version : null;
  }

  private fresh(): Promise<void> {
    if (this.freshUntil > this.now()) return Promise.resolve();
    this.reading ??= this.read().finally(() => {
      this.reading = null;
    });
    return this.reading;
  }

  private async read() {
    try {
      const page = await this.source(this.asOf && new Date(this.asOf.getTime() - FEED_OVERLAP_MS));
      this.apply(page.revocations);
      this.asOf = page.asOf;
    } catch (error) {
      if (this.now() - this.lastFailureLogged > 60_000) {
        this.lastFailureLogged = this.now();
        this.log?.warn({ err: error }, 'the revocation feed could not be read; checking tokens against the last copy');
      }
    }
    this.freshUntil = this.now() + REVOCATION_CACHE_MS;
  }

  private apply(revocations: Revocation[]) {
    const now = this.now();
    for (const r of revocations) {
      const expiresAt = r.expiresAt.getTime();
      if (expiresAt <= now) continue;
      if (r.kind === 'SESSION') this.sessions.set(r.subject, Math.max(expiresAt, this.sessions.get(r.subject) ?? 0));
      else {
        const known = this.users.get(r.subject);
        if (!known || (r.version ?? 0) >= known.version)
          this.users.set(r.subject, { version: r.version ?? 0, expiresAt: Math.max(expiresAt, known?.expiresAt ?? 0) });
      }
    }
    for (const [id, expiresAt] of this.sessions) if (expiresAt <= now) this.sessions.delete(id);
    for (const [id, entry] of this.users) if (entry.expiresAt <= now) this.users.delete(id);
  }
}

type RedisReads = { mget(...keys: string[]): Promise<(string | null)[]> };
type RedisWrites = Pick<Redis, 'set' | 'exists' | 'pipeline'>;

/**
 * Access tokens are short-lived but self-contained, so signing out, disabling an account or changing its
 * password would otherwise leave tokens already issued working until they expire. Identity records each such
 * event in its database (the feed) and copies it into Redis; every service checks each caller here:
 * in Redis when one is configured and still holds identity's marker, else in its mirror of the feed. An
 * answer is relied on for REVOCATION_CACHE_MS per session and account version.
 */
export class SessionRevocations {
  private readonly cache = new Map<string, { until: number; revoked: Promise<boolean> }>();

  constructor(
    private readonly redis: RedisReads | null,
    private readonly mirror: Pick<RevocationMirror, 'sessionRevoked' | 'userCutoff'>,
    private readonly now: () => number = Date.now,
  ) {}

  isRevoked(viewer: Viewer): Promise<boolean> {
    const key = `${viewer.userId}|${viewer.sessionId ?? ''}|${viewer.accountVersion ?? 0}`;
    const hit = this.cache.get(key);
    if (hit && hit.until > this.now()) return hit.revoked;
    const revoked = this.read(viewer);
    this.cache.set(key, { until: this.now() + REVOCATION_CACHE_MS, revoked });
    if (this.cache.size > 10_000) this.evictExpired();
    return revoked;
  }

  private async read(viewer: Viewer): Promise<boolean> {
    const inRedis = await this.redis?.mget(revokedSessionKey(viewer.sessionId ?? '-'), revokedUserKey(viewer.userId), REVOCATION_MARKER_KEY).catch(() => null);
    // Without the marker Redis lost what identity copied (or never got it): the feed decides.
    if (inRedis && inRedis[2] !== null) {
      const [session, userCutoff] = inRedis;
      if (session && viewer.sessionId) return true;
      return userCutoff !== null && (viewer.accountVersion ?? 0) < Number(userCutoff);
    }
    if (viewer.sessionId && (await this.mirror.sessionRevoked(viewer.sessionId))) return true;
    const cutoff = await this.mirror.userCutoff(viewer.userId);
    return cutoff !== null && (viewer.accountVersion ?? 0) < cutoff;
  }

  private evictExpired() {
    const now = this.now();
    for (const [key, entry] of this.cache) if (entry.until <= now) this.cache.delete(key);
  }
}

/** Identity's copy of its revocations into Redis, each kept until the last token it ends has expired. */
export class RedisRevocationCopy {
  constructor(private readonly redis: RedisWrites) {}

  /** Writes revocations (a best effort: the feed holds them whatever happens here). */
  async write(revocations: Revocation[], now = Date.now()): Promise<void> {
    const live = revocations.filter((r) => r.expiresAt.getTime() > now);
    if (live.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const r of live) {
      const ttl = r.expiresAt.getTime() - now;
      if (r.kind === 'SESSION') pipeline.set(revokedSessionKey(r.subject), '1', 'PX', ttl);
      // Account versions only grow: a later revocation of the account carries a higher one.
      else pipeline.set(revokedUserKey(r.subject), String(r.version ?? 0), 'PX', ttl);
    }
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([error]) => error);
    if (failed) throw failed[0];
  }

  hasMarker(): Promise<boolean> {
    return this.redis.exists(REVOCATION_MARKER_KEY).then((n) => n > 0);
  }

  /** Redis holds every live revocation: services may rely on it again. */
  async setMarker(): Promise<void> {
    await this.redis.set(REVOCATION_MARKER_KEY, new Date().toISOString());
  }
}

/** The Redis client every service opens from REDIS_URL (and REDIS_KEY_PREFIX), or null when none is configured. */
export function redisFromConfig(config: Pick<BaseConfig, 'REDIS_URL' | 'REDIS_KEY_PREFIX'>): Redis | null {
  return config.REDIS_URL ? new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false, keyPrefix: config.REDIS_KEY_PREFIX }) : null;
}

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;
export const isLoopback = (address: string | undefined) => !!address && isIP(address.replace(/^::ffff:/, '')) !== 0 && LOOPBACK.test(address);

function sameSecret(presented: string, expected: string) {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Who may call a service's internal routes: with INTERNAL_API_TOKEN set, whoever presents it as a bearer
 * token; without one (never in production), processes on this machine only. The peer's own address counts,
 * never X-Forwarded-For.
 */
export function internalCallerAllowed(
  req: Pick<Request, 'headers'> & { socket: { remoteAddress?: string } },
  internalToken: string | undefined,
  production: boolean,
): boolean {
  if (internalToken) {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization?.trim() ?? '');
    return !!match && sameSecret(match[1], internalToken);
  }
  return !production && isLoopback(req.socket.remoteAddress);
}

/** Express middleware for internal routes: 401 for anyone `internalCallerAllowed` refuses. */
export function internalOnly(internalToken: string | undefined, production: boolean): RequestHandler {
  return (req, res, next) => {
    if (internalCallerAllowed(req, internalToken, production)) return next();
    res
      .status(401)
      .set('WWW-Authenticate', 'Bearer')
      .json({ error: internalToken ? 'an internal route: present INTERNAL_API_TOKEN as a bearer token' : 'an internal route: loopback callers only' });
  };
}

/** Production refuses to start a service that would serve or read internal routes without a shared token. */
export function requireInternalToken(config: Pick<BaseConfig, 'NODE_ENV' | 'INTERNAL_API_TOKEN'>, service: string): void {
  if (!isProduction(config)) return;
  const fix = 'give every service the same random value of 32+ characters (e.g. `openssl rand -hex 32`)';
  if (!config.INTERNAL_API_TOKEN)
    throw new Error(
      `Invalid configuration:\n  INTERNAL_API_TOKEN: required in production (${service}): identity serves revoked sessions to every service only to callers presenting it; ${fix}`,
    );
  if (config.INTERNAL_API_TOKEN.includes(DEVELOPMENT_TOKEN_MARK))
    throw new Error(
      `Invalid configuration:\n  INTERNAL_API_TOKEN: docker-compose.yml's development default is public, never for production (${service}); ${fix}`,
    );
}

/** docker-compose.yml's default INTERNAL_API_TOKEN contains this, so production recognises and refuses it. */
export const DEVELOPMENT_TOKEN_MARK = 'development-only';

/**
 * What a service (the gateway or any subgraph but identity) checks access tokens against: Redis when
 * configured, identity's feed otherwise or when Redis lost identity's marker.
 */
export function tokenRevocations(
  config: Pick<BaseConfig, 'NODE_ENV' | 'INTERNAL_API_TOKEN' | 'JWKS_URL'>,
  redis: RedisReads | null,
  log: Pick<Logger, 'warn'>,
  service: string,
): SessionRevocations {
  requireInternalToken(config, service);
  const mirror = new RevocationMirror(httpRevocationSource(revocationFeedUrl(config.JWKS_URL), config.INTERNAL_API_TOKEN), log);
  return new SessionRevocations(redis, mirror);
}
