import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, type JsonWebKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { AccessTokenClaims, Role } from '@tvstream/service-kit';

export interface SigningKey {
  kid: string;
  privateKeyPem: string;
}

/** The key set: the first key signs, all of them verify (so tokens signed before a rotation stay valid). */
export class SigningKeySet {
  private readonly publicPems = new Map<string, string>();

  constructor(private readonly keys: SigningKey[]) {
    if (!keys.length) throw new Error('At least one signing key is required');
    for (const key of keys) this.publicPems.set(key.kid, createPublicKey(key.privateKeyPem).export({ type: 'spki', format: 'pem' }).toString());
  }

  static generate(): SigningKey {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return { kid: randomUUID(), privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
  }

  /** `IDENTITY_SIGNING_KEYS`: a JSON array of `{ kid, privateKeyPem }`, newest first. */
  static parse(json: string): SigningKeySet {
    const parsed = JSON.parse(json) as SigningKey[];
    return new SigningKeySet(parsed);
  }

  get active(): SigningKey {
    return this.keys[0];
  }

  publicKey(kid: string): string {
    const pem = this.publicPems.get(kid);
    if (!pem) throw new Error(`Unknown key id ${kid}`);
    return pem;
  }

  /** RFC 7517 JSON Web Key Set of the public halves. */
  jwks(): { keys: JsonWebKey[] } {
    return {
      keys: this.keys
        .map((key) => ({
          ...createPrivateKey(key.privateKeyPem).export({ format: 'jwk' }),
          kid: key.kid,
          alg: 'RS256',
          use: 'sig',
        }))
        .map(({ d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicPart }) => publicPart),
    };
  }
}

export interface AccessTokenSubject {
  userId: string;
  roles: Role[];
  profileId: string | null;
  maxMaturity: number;
  /** The profile's language (BCP 47), when it has one. */
  language?: string | null;
  /** The refresh-token family: logging out revokes it, and with it the access tokens it issued. */
  sessionId: string;
  /** The account's version: disabling the account or changing its password ends tokens of older versions. */
  accountVersion: number;
  /** The sign-in email: written only into staff accounts' tokens (see signAccessToken). */
  email?: string | null;
}

export interface TokenPolicy {
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

export function signAccessToken(keys: SigningKeySet, policy: TokenPolicy, subject: AccessTokenSubject): string {
  const claims: AccessTokenClaims = {
    roles: subject.roles,
    pid: subject.profileId,
    mat: subject.maxMaturity,
    ...(subject.language ? { lng: subject.language } : {}),
    sid: subject.sessionId,
    uv: subject.accountVersion,
    // Staff tokens name the email their audited actions are recorded under (every service writes its own
    // audit entries and knows no emails); a viewer's token has no use for it and does not carry it.
    ...(subject.email && subject.roles.some((role) => role !== 'VIEWER') ? { email: subject.email } : {}),
  };
  return jwt.sign(claims, keys.active.privateKeyPem, {
    algorithm: 'RS256',
    keyid: keys.active.kid,
    subject: subject.userId,
    issuer: policy.issuer,
    audience: policy.audience,
    expiresIn: policy.ttlSeconds,
    jwtid: randomUUID(),
  });
}
