import { signManifestUrl, verifyManifestUrl } from './manifest-signature';

const secret = 'a-test-secret-of-at-least-32-characters!';
const now = new Date('2026-11-26T12:00:00Z');
const grant = { contentId: '3f1c2a9e-0000-4000-8000-000000000001', sessionId: 'session-1', expiresAt: new Date(now.getTime() + 300_000) };
const signed = signManifestUrl('https://cdn.example/manifests/', grant, secret);

describe('signed manifest URLs', () => {
  it('verify with the same secret before the expiry', () => {
    expect(verifyManifestUrl(signed, secret, now)).toEqual({ valid: true, contentId: grant.contentId, sessionId: 'session-1', file: 'master.m3u8' });
    expect(verifyManifestUrl(new URL(signed).pathname + new URL(signed).search, secret, now)).toMatchObject({ valid: true });
  });

  it('reject another secret, a changed path, session or expiry, and a passed expiry', () => {
    const edit = (fn: (u: URL) => void) => {
      const u = new URL(signed);
      fn(u);
      return u.toString();
    };
    expect(verifyManifestUrl(signed, `${secret}x`, now)).toEqual({ valid: false, reason: 'BAD_SIGNATURE' });
    expect(
      verifyManifestUrl(
        edit((u) => (u.pathname = u.pathname.replace('0001', '0002'))),
        secret,
        now,
      ),
    ).toEqual({ valid: false, reason: 'BAD_SIGNATURE' });
    expect(
      verifyManifestUrl(
        edit((u) => u.searchParams.set('session', 'session-2')),
        secret,
        now,
      ),
    ).toEqual({ valid: false, reason: 'BAD_SIGNATURE' });
    expect(
      verifyManifestUrl(
        edit((u) => u.searchParams.set('exp', '9999999999')),
        secret,
        now,
      ),
    ).toEqual({ valid: false, reason: 'BAD_SIGNATURE' });
    expect(verifyManifestUrl(signed, secret, grant.expiresAt)).toEqual({ valid: false, reason: 'EXPIRED' });
  });

  it('cover every rendition playlist and segment under the content with the same query, and nothing beside it', () => {
    const under = (path: string) => {
      const u = new URL(signed);
      u.pathname = u.pathname.replace('master.m3u8', path);
      return u.toString();
    };
    expect(verifyManifestUrl(under('360p/index.m3u8'), secret, now)).toEqual({
      valid: true,
      contentId: grant.contentId,
      sessionId: 'session-1',
      file: '360p/index.m3u8',
    });
    expect(verifyManifestUrl(under('180p/seg_004.m4s'), secret, now)).toMatchObject({ valid: true, file: '180p/seg_004.m4s' });
    expect(verifyManifestUrl(under('360p/init.mp4'), secret, now)).toMatchObject({ valid: true, file: '360p/init.mp4' });
    const elsewhere = new URL(signed);
    elsewhere.pathname = elsewhere.pathname.replace('/manifests/', '/other/');
    expect(verifyManifestUrl(elsewhere.toString(), secret, now)).toEqual({ valid: false, reason: 'BAD_SIGNATURE' });
    for (const path of ['../secret.m3u8', '360p/../../x.m4s', 'a/b/c.m4s', '360p/index.txt']) {
      expect(verifyManifestUrl(under(path), secret, now)).toEqual({ valid: false, reason: 'MALFORMED' });
    }
  });

  it('reject URLs missing a part as malformed', () => {
    for (const param of ['sig', 'exp', 'session']) {
      const u = new URL(signed);
      u.searchParams.delete(param);
      expect(verifyManifestUrl(u.toString(), secret, now)).toEqual({ valid: false, reason: 'MALFORMED' });
    }
  });
});
