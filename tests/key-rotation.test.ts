import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTokenVerifier, jwksKeyResolver } from '@tvstream/service-kit';
import { SigningKeySet, signAccessToken } from '../subgraphs/identity/src/domain/signing-keys';

const policy = { issuer: 'tvstream-identity', audience: 'tvstream', ttlSeconds: 600 };
const subject = {
  userId: '6f1b2c1e-0000-4000-8000-000000000001',
  roles: ['VIEWER' as const],
  profileId: null,
  maxMaturity: 18,
  sessionId: '6f1b2c1e-0000-4000-8000-0000000000aa',
  accountVersion: 1,
};

describe('JWKS key rotation', () => {
  test('a verifier picks up a rotated signing key without a restart, and keeps accepting the old one', async () => {
    const oldKey = SigningKeySet.generate();
    const newKey = SigningKeySet.generate();
    let published = new SigningKeySet([oldKey]);
    let fetches = 0;
    const server = http.createServer((_req, res) => {
      fetches++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(published.jwks()));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
    try {
      const verify = createTokenVerifier({ ...policy, getPublicKey: jwksKeyResolver(jwksUrl) });
      const before = signAccessToken(published, policy, subject);
      expect((await verify(before)).userId).toBe(subject.userId);
      expect(fetches).toBe(1);

      // Identity rotates: the new key signs, the old one is still published for tokens already out there.
      published = new SigningKeySet([newKey, oldKey]);
      const after = signAccessToken(published, policy, subject);
      expect((await verify(after)).userId).toBe(subject.userId);
      expect(fetches).toBe(2);
      expect((await verify(signAccessToken(new SigningKeySet([oldKey]), policy, { ...subject, maxMaturity: 12 }))).maxMaturity).toBe(12);
      expect(fetches).toBe(2);
    } finally {
      server.close();
    }
  });
});
