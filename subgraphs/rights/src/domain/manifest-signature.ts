/**
 * Signed media URLs: one HMAC over the content's path prefix, the session and the expiry covers the master
 * playlist, the rendition playlists and every segment under that prefix, so the origin (or a CDN edge with the
 * same secret) can check any request without state, and every URL in a playlist carries the same query.
 * Nothing else is trusted.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface ManifestGrant {
  contentId: string;
  sessionId: string;
  expiresAt: Date;
}

const payload = (prefix: string, sessionId: string, exp: string) => `${prefix}\n${sessionId}\n${exp}`;
const mac = (secret: string, data: string) => createHmac('sha256', secret).update(data).digest('base64url');

// Content ids are UUIDs: the first one in the path ends the signed prefix.
const CONTENT_IN_PATH = /^(.*?\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/)(.*)$/i;
// What may follow the prefix: the master playlist, or a rendition's playlist, init section or segment.
const MEDIA_FILE = /^(master\.m3u8|[a-z0-9_-]+\/[a-z0-9_-]+\.(m3u8|mp4|m4s))$/i;

export function signManifestUrl(baseUrl: string, grant: ManifestGrant, secret: string): string {
  const url = new URL(`${baseUrl.replace(/\/$/, '')}/${encodeURIComponent(grant.contentId)}/master.m3u8`);
  const prefix = url.pathname.slice(0, -'master.m3u8'.length);
  const exp = String(Math.floor(grant.expiresAt.getTime() / 1000));
  url.searchParams.set('session', grant.sessionId);
  url.searchParams.set('exp', exp);
  url.searchParams.set('sig', mac(secret, payload(prefix, grant.sessionId, exp)));
  return url.toString();
}

export type ManifestCheck =
  { valid: true; contentId: string; sessionId: string; file: string } | { valid: false; reason: 'MALFORMED' | 'BAD_SIGNATURE' | 'EXPIRED' };

/**
 * Checks a signed URL (absolute, or a path with its query) for any file under the signed prefix. `file` is
 * the path below the content's prefix (`master.m3u8`, `360p/seg_001.m4s`…). Compared in constant time.
 */
export function verifyManifestUrl(signedUrl: string, secret: string, now: Date): ManifestCheck {
  let url: URL;
  try {
    url = new URL(signedUrl, 'http://manifest.invalid');
  } catch {
    return { valid: false, reason: 'MALFORMED' };
  }
  const sessionId = url.searchParams.get('session');
  const exp = url.searchParams.get('exp');
  const sig = url.searchParams.get('sig');
  const match = CONTENT_IN_PATH.exec(url.pathname);
  if (!sessionId || !exp || !sig || !/^\d+$/.test(exp) || !match || !MEDIA_FILE.test(match[3])) return { valid: false, reason: 'MALFORMED' };
  const expected = Buffer.from(mac(secret, payload(match[1], sessionId, exp)));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { valid: false, reason: 'BAD_SIGNATURE' };
  if (Number(exp) * 1000 <= now.getTime()) return { valid: false, reason: 'EXPIRED' };
  return { valid: true, contentId: match[2].toLowerCase(), sessionId, file: match[3] };
}
