import { decideRefresh, hashRefreshToken, newRefreshToken } from './refresh-tokens';

const now = new Date('2026-11-25T12:00:00Z');
const later = new Date('2026-12-25T12:00:00Z');
const fresh = { expiresAt: later, rotatedAt: null, revokedAt: null };
const active = { disabled: false };

describe('refresh token rotation', () => {
  test('a fresh token of an active account rotates', () => {
    expect(decideRefresh(fresh, active, now)).toEqual({ action: 'rotate' });
  });

  test('reusing a rotated token revokes the whole family', () => {
    expect(decideRefresh({ ...fresh, rotatedAt: now }, active, now)).toMatchObject({ action: 'reject', revokeFamily: true });
  });

  test('a revoked token is refused without further damage', () => {
    expect(decideRefresh({ ...fresh, revokedAt: now }, active, now)).toMatchObject({ action: 'reject', revokeFamily: false });
  });

  test('an expired token is refused', () => {
    expect(decideRefresh({ ...fresh, expiresAt: now }, active, now)).toMatchObject({ action: 'reject', reason: 'Refresh token expired' });
  });

  test('a disabled account cannot refresh, and its family is revoked', () => {
    expect(decideRefresh(fresh, { disabled: true }, now)).toMatchObject({ action: 'reject', revokeFamily: true });
  });

  test('an unknown token is refused', () => {
    expect(decideRefresh(null, null, now)).toMatchObject({ action: 'reject', reason: 'Unknown refresh token' });
  });

  test('tokens are random and only their hash is stored', () => {
    const a = newRefreshToken();
    const b = newRefreshToken();
    expect(a.token).not.toBe(b.token);
    expect(a.hash).toBe(hashRefreshToken(a.token));
    expect(a.hash).not.toContain(a.token);
  });
});
