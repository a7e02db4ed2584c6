import jwt, { type JwtPayload } from 'jsonwebtoken';
import { JwksClient } from 'jwks-rsa';
import { unauthenticated } from './errors';

export const ROLES = ['VIEWER', 'EDITOR', 'RIGHTS_MANAGER', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as proven by a verified access token. */
export interface Viewer {
  userId: string;
  roles: Role[];
  /** The active viewer profile, when one was chosen. */
  profileId: string | null;
  /** Highest maturity rating the active profile may see (e.g. 7, 12, 16, 18). */
  maxMaturity: number;
  /** The active profile's language (BCP 47), when it set one: what localised fields show without an argument. */
  language?: string | null;
  /** The sign-in session the token belongs to (its refresh-token family), which logout revokes. */
  sessionId?: string | null;
  /** The account's version when the token was issued: disabling it or changing its password ends older tokens. */
  accountVersion?: number;
  /** The sign-in email, carried by staff accounts' tokens only (the audit trail names who acted). */
  email?: string | null;
}

/** The claims identity writes into an access token, beside the registered ones. */
export interface AccessTokenClaims extends JwtPayload {
  roles: Role[];
  pid?: string | null;
  mat?: number;
  lng?: string;
  sid?: string;
  uv?: number;
  /** Staff accounts only (EDITOR, RIGHTS_MANAGER, ADMIN): the email their audited actions are recorded under. */
  email?: string;
}

export type KeyResolver = (kid: string) => Promise<string>;

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  /** Returns the PEM public key for a key id; unknown ids must reject. */
  getPublicKey: KeyResolver;
}

/** Only asymmetric algorithms: `none` and HMAC tokens (forgeable with the public key) never verify. */
export const ACCEPTED_ALGORITHMS: jwt.Algorithm[] = ['RS256'];

export function viewerFromClaims(claims: AccessTokenClaims): Viewer {
  const roles = (claims.roles ?? []).filter((r): r is Role => (ROLES as readonly string[]).includes(r));
  return {
    userId: String(claims.sub),
    roles,
    profileId: claims.pid ?? null,
    maxMaturity: typeof claims.mat === 'number' ? claims.mat : 18,
    language: typeof claims.lng === 'string' ? claims.lng : null,
    sessionId: claims.sid ?? null,
    accountVersion: claims.uv,
    email: typeof claims.email === 'string' ? claims.email : null,
  };
}

export type TokenVerifier = (token: string) => Promise<Viewer>;

/**
 * Verified tokens are remembered until they expire (bounded), so a client's repeated requests cost one
 * RSA verification, not one each. Failures are never cached.
 */
function rememberVerified(verify: TokenVerifier, maxEntries = 10_000): TokenVerifier {
  const verified = new Map<string, { viewer: Viewer; expiresAt: number }>();
  return async (token) => {
    const hit = verified.get(token);
    if (hit && hit.expiresAt > Date.now()) return hit.viewer;
    const viewer = await verify(token);
    const exp = (jwt.decode(token) as JwtPayload | null)?.exp;
    if (exp) {
      if (verified.size >= maxEntries) verified.delete(verified.keys().next().value!);
      verified.set(token, { viewer, expiresAt: exp * 1000 });
    }
    return viewer;
  };
}

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  return rememberVerified(async (token) => {
    const decoded = jwt.decode(token, { complete: true });
    const kid = decoded?.header?.kid;
    if (!decoded || typeof kid !== 'string' || !ACCEPTED_ALGORITHMS.includes(decoded.header.alg as jwt.Algorithm)) {
      throw unauthenticated('Invalid access token');
    }
    let key: string;
    try {
      key = await options.getPublicKey(kid);
    } catch {
      throw unauthenticated('Access token signed by an unknown key');
    }
    try {
      const claims = jwt.verify(token, key, {
        algorithms: ACCEPTED_ALGORITHMS,
        issuer: options.issuer,
        audience: options.audience,
      }) as AccessTokenClaims;
      return viewerFromClaims(claims);
    } catch (error) {
      const expired = error instanceof jwt.TokenExpiredError;
      throw unauthenticated(expired ? 'Access token expired' : 'Invalid access token');
    }
  });
}

/**
 * Public keys from identity's JWKS endpoint, cached; an unknown `kid` triggers a (rate-limited) refetch,
 * so a key rotation at identity is picked up without restarting anything.
 */
export function jwksKeyResolver(jwksUri: string): KeyResolver {
  const client = new JwksClient({
    jwksUri,
    cache: true,
    cacheMaxAge: 10 * 60 * 1000,
    rateLimit: true,
    jwksRequestsPerMinute: 30,
    timeout: 5000,
  });
  return async (kid) => (await client.getSigningKey(kid)).getPublicKey();
}

/** The verifier every service but identity uses: identity's keys from its JWKS, the configured claims. */
export function jwksTokenVerifier(config: { JWT_ISSUER: string; JWT_AUDIENCE: string; JWKS_URL: string }): TokenVerifier {
  return createTokenVerifier({ issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, getPublicKey: jwksKeyResolver(config.JWKS_URL) });
}

/** Reads `Authorization: Bearer …`; null when absent, UNAUTHENTICATED when present but malformed. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) throw unauthenticated('Authorization header must be "Bearer <token>"');
  return match[1];
}

export const viewerHasRole = (viewer: Viewer | null, ...roles: Role[]) =>
  !!viewer && (viewer.roles.includes('ADMIN') || roles.some((r) => viewer.roles.includes(r)));
