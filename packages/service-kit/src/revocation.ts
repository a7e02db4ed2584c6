import type { Redis } from 'ioredis';
import type { Viewer } from './auth';

/** How long a gateway relies on what it last read: a revocation takes effect everywhere within this. */
export const REVOCATION_CACHE_MS = 2_000;

/**
 * Access tokens are short-lived but self-contained, so signing out, disabling an account or changing its
 * password would otherwise leave tokens already issued working until they expire. Identity records such
 * events in Redis (a revoked session, or "every token of this account older than version …"), kept as long as a
 * token lives; the gateway checks each caller against them, reading Redis at most once per session and
 * account every REVOCATION_CACHE_MS.
 */
export class SessionRevocations {
  private readonly cache = new Map<string, { until: number; revoked: Promise<boolean> }>();

  constructor(
    private readonly redis: Pick<Redis, 'set' | 'mget'>,
    /** How long a revocation must outlive the tokens it ends (identity's ACCESS_TOKEN_TTL_SECONDS). */
    private readonly tokenTtlSeconds = 900,
    private readonly now: () => number = Date.now,
  ) {}

  async revokeSession(sessionId: string): Promise<void> {
    await this.redis.set(`revoked:session:${sessionId}`, '1', 'EX', this.tokenTtlSeconds);
  }

  /** Every token issued before the account reached `version` stops working (disabled, password changed). */
  async revokeUser(userId: string, version: number): Promise<void> {
    await this.redis.set(`revoked:user:${userId}`, String(version), 'EX', this.tokenTtlSeconds);
  }

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
    // Redis out of reach must not sign every viewer out: tokens then fall back to their own expiry.
    const [session, userCutoff] = await this.redis
      .mget(`revoked:session:${viewer.sessionId ?? '-'}`, `revoked:user:${viewer.userId}`)
      .catch(() => [null, null]);
    if (session && viewer.sessionId) return true;
    return userCutoff !== null && (viewer.accountVersion ?? 0) < Number(userCutoff);
  }

  private evictExpired() {
    const now = this.now();
    for (const [key, entry] of this.cache) if (entry.until <= now) this.cache.delete(key);
  }
}
