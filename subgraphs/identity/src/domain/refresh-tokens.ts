import { createHash, randomBytes } from 'node:crypto';

/** Refresh tokens are opaque random strings; only their SHA-256 is stored, so a database leak reveals none. */
export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

export const hashRefreshToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface StoredRefreshToken {
  expiresAt: Date;
  rotatedAt: Date | null;
  revokedAt: Date | null;
}

export type RefreshDecision = { action: 'rotate' } | { action: 'reject'; reason: string; revokeFamily: boolean };

/**
 * The rotation rule. Each refresh token works once; presenting one that was already rotated means it was
 * copied (an attacker or a replay), so the whole family — every token descended from that sign-in — is revoked.
 */
export function decideRefresh(stored: StoredRefreshToken | null, account: { disabled: boolean } | null, now: Date): RefreshDecision {
  if (!stored || !account) return { action: 'reject', reason: 'Unknown refresh token', revokeFamily: false };
  if (stored.revokedAt) return { action: 'reject', reason: 'Refresh token was revoked', revokeFamily: false };
  if (stored.rotatedAt) {
    return { action: 'reject', reason: 'Refresh token was already used; the session is revoked', revokeFamily: true };
  }
  if (account.disabled) return { action: 'reject', reason: 'Account is disabled', revokeFamily: true };
  if (stored.expiresAt.getTime() <= now.getTime()) {
    return { action: 'reject', reason: 'Refresh token expired', revokeFamily: false };
  }
  return { action: 'rotate' };
}
