import {
  FEED_OVERLAP_MS,
  internalCallerAllowed,
  REVOCATION_CACHE_MS,
  REVOCATION_MARKER_KEY,
  RevocationMirror,
  revokedSessionKey,
  revokedUserKey,
  SessionRevocations,
  type RevocationPage,
} from './revocation';
import type { Viewer } from './auth';

const viewer = (sessionId: string, accountVersion = 3): Viewer => ({
  userId: 'u1',
  roles: ['VIEWER'],
  profileId: null,
  maxMaturity: 18,
  sessionId,
  accountVersion,
});

function fakeRedis(values: Record<string, string>, failing = false) {
  return { mget: jest.fn(async (...keys: string[]) => (failing ? Promise.reject(new Error('down')) : keys.map((k) => values[k] ?? null))) };
}

describe('SessionRevocations', () => {
  let clock = 1_000_000;
  const now = () => clock;
  const mirror = (sessions: string[], cutoff: number | null = null) => ({
    sessionRevoked: jest.fn(async (id: string) => sessions.includes(id)),
    userCutoff: jest.fn(async () => cutoff),
  });

  test('Redis decides while it holds identity’s marker; the feed is not read', async () => {
    const feed = mirror(['s-feed']);
    const redis = fakeRedis({ [REVOCATION_MARKER_KEY]: 'x', [revokedSessionKey('s1')]: '1', [revokedUserKey('u1')]: '4' });
    const revocations = new SessionRevocations(redis, feed, now);
    expect(await revocations.isRevoked(viewer('s1'))).toBe(true);
    expect(await revocations.isRevoked(viewer('s2', 3))).toBe(true);
    expect(await revocations.isRevoked(viewer('s2', 4))).toBe(false);
    expect(await revocations.isRevoked(viewer('s-feed', 5))).toBe(false);
    expect(feed.sessionRevoked).not.toHaveBeenCalled();
  });

  test('without the marker (Redis flushed) the feed decides', async () => {
    const feed = mirror(['s1'], 4);
    const revocations = new SessionRevocations(fakeRedis({}), feed, now);
    expect(await revocations.isRevoked(viewer('s1', 9))).toBe(true);
    expect(await revocations.isRevoked(viewer('s2', 3))).toBe(true);
    expect(await revocations.isRevoked(viewer('s3', 4))).toBe(false);
  });

  test('Redis unreachable, or not configured: the feed decides', async () => {
    expect(await new SessionRevocations(fakeRedis({}, true), mirror(['s1']), now).isRevoked(viewer('s1'))).toBe(true);
    expect(await new SessionRevocations(null, mirror(['s1']), now).isRevoked(viewer('s1'))).toBe(true);
    expect(await new SessionRevocations(null, mirror([]), now).isRevoked(viewer('s1'))).toBe(false);
  });

  test('an answer is relied on for REVOCATION_CACHE_MS, then read again', async () => {
    const values: Record<string, string> = { [REVOCATION_MARKER_KEY]: 'x' };
    const revocations = new SessionRevocations(fakeRedis(values), mirror([]), now);
    expect(await revocations.isRevoked(viewer('s1'))).toBe(false);
    values[revokedSessionKey('s1')] = '1';
    expect(await revocations.isRevoked(viewer('s1'))).toBe(false);
    clock += REVOCATION_CACHE_MS + 1;
    expect(await revocations.isRevoked(viewer('s1'))).toBe(true);
  });
});

describe('RevocationMirror', () => {
  test('reads everything once, then what was recorded since the last read (with an overlap), at most every REVOCATION_CACHE_MS', async () => {
    let clock = Date.parse('2026-12-02T10:00:00Z');
    const later = new Date(clock + 600_000);
    const pages: RevocationPage[] = [
      { asOf: new Date(clock), revocations: [{ kind: 'SESSION', subject: 's1', version: null, expiresAt: later }] },
      { asOf: new Date(clock + 5_000), revocations: [{ kind: 'USER', subject: 'u1', version: 7, expiresAt: later }] },
    ];
    const source = jest.fn(async () => pages.shift()!);
    const mirror = new RevocationMirror(source, undefined, () => clock);
    expect(await mirror.sessionRevoked('s1')).toBe(true);
    expect(await mirror.userCutoff('u1')).toBeNull();
    expect(source).toHaveBeenCalledTimes(1);
    expect(source).toHaveBeenLastCalledWith(null);
    clock += REVOCATION_CACHE_MS + 1;
    expect(await mirror.userCutoff('u1')).toBe(7);
    expect(source).toHaveBeenLastCalledWith(new Date(Date.parse('2026-12-02T10:00:00Z') - FEED_OVERLAP_MS));
    // Expired revocations are forgotten.
    clock = later.getTime() + 1;
    pages.push({ asOf: new Date(clock), revocations: [] });
    expect(await mirror.sessionRevoked('s1')).toBe(false);
  });

  test('a feed that cannot be read leaves the last copy in force', async () => {
    let clock = 0;
    const source = jest
      .fn<Promise<RevocationPage>, [Date | null]>()
      .mockResolvedValueOnce({ asOf: new Date(0), revocations: [{ kind: 'SESSION', subject: 's1', version: null, expiresAt: new Date(600_000) }] })
      .mockRejectedValue(new Error('identity is down'));
    const warn = jest.fn();
    const mirror = new RevocationMirror(source, { warn }, () => clock);
    expect(await mirror.sessionRevoked('s1')).toBe(true);
    clock += REVOCATION_CACHE_MS + 1;
    expect(await mirror.sessionRevoked('s1')).toBe(true);
    expect(warn).toHaveBeenCalledTimes(1);
  });
});

describe('internalCallerAllowed', () => {
  const req = (remoteAddress: string, authorization?: string) => ({ headers: authorization ? { authorization } : {}, socket: { remoteAddress } });
  const token = 'a'.repeat(40);

  test('with a token: whoever presents it, from anywhere; nobody else, loopback included', () => {
    expect(internalCallerAllowed(req('10.1.2.3', `Bearer ${token}`), token, true)).toBe(true);
    expect(internalCallerAllowed(req('127.0.0.1'), token, false)).toBe(false);
    expect(internalCallerAllowed(req('127.0.0.1', `Bearer ${'b'.repeat(40)}`), token, false)).toBe(false);
    expect(internalCallerAllowed(req('127.0.0.1', 'Bearer short'), token, false)).toBe(false);
  });

  test('without a token: loopback callers only, and never in production', () => {
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) expect(internalCallerAllowed(req(address), undefined, false)).toBe(true);
    for (const address of ['10.0.0.5', '192.168.1.20', '::ffff:10.0.0.5', 'fe80::1']) expect(internalCallerAllowed(req(address), undefined, false)).toBe(false);
    expect(internalCallerAllowed(req('127.0.0.1'), undefined, true)).toBe(false);
  });
});
