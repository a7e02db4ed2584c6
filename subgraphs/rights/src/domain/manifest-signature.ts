/**
 * Signed manifest URLs: the CDN edge (or rights' own `/manifests` route) serves a manifest only when the
 * HMAC over path, session and expiry matches and the expiry has not passed. Nothing else is trusted.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface ManifestGrant {
  contentId: string;
  sessionId: string;
  expiresAt: Date;
}

const payload = (path: string, sessionId: string, exp: string) => `${path}\n${sessionId}\n${exp}`;
const mac = (secret: string, data: string) => createHmac('sha256', secret).update(data).digest('base64url');

export function signManifestUrl(baseUrl: string, grant: ManifestGrant, secret: string): string {
  const url = new URL(`${baseUrl.replace(/\/$/, '')}/${encodeURIComponent(grant.contentId)}/master.m3u8`);
  const exp = String(Math.floor(grant.expiresAt.getTime() / 1000));
  url.searchParams.set('session', grant.sessionId);
  url.searchParams.set('exp', exp);
  url.searchParams.set('sig', mac(secret, payload(url.pathname, grant.sessionId, exp)));
  return url.toString();
}

export type ManifestCheck =
  | { valid: true; contentId: string; sessionId: string }
  | { valid: false; reason: 'MALFORMED' | 'BAD_SIGNATURE' | 'EXPIRED' };

/** Checks a signed URL (absolute, or a path with its query). The signature is compared in constant time. */
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
  const match = /\/([^/]+)\/master\.m3u8$/.exec(url.pathname);
  if (!sessionId || !exp || !sig || !/^\d+$/.test(exp) || !match) return { valid: false, reason: 'MALFORMED' };
  const expected = Buffer.from(mac(secret, payload(url.pathname, sessionId, exp)));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { valid: false, reason: 'BAD_SIGNATURE' };
  if (Number(exp) * 1000 <= now.getTime()) return { valid: false, reason: 'EXPIRED' };
  return { valid: true, contentId: decodeURIComponent(match[1]), sessionId };
}
