import { generateKeyPairSync, randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { getIntrospectionQuery } from 'graphql';
import { codes, gql, register } from './support/client';

const ADMIN_QUERY = `{ users(first: 1) { edges { node { id } } } }`;
const ME = `{ me { id } }`;

function realKey() {
  const [key] = JSON.parse(process.env.TEST_SIGNING_KEYS!) as { kid: string; privateKeyPem: string }[];
  return key;
}

function sign(claims: object, options: jwt.SignOptions, key = realKey()) {
  return jwt.sign(claims, key.privateKeyPem, {
    algorithm: 'RS256',
    keyid: key.kid,
    issuer: 'tvstream-identity',
    audience: 'tvstream',
    subject: randomUUID(),
    expiresIn: 900,
    ...options,
  });
}

describe('access tokens', () => {
  test('a genuine token is accepted', async () => {
    const session = await register();
    const res = await gql(ME, {}, { token: session.accessToken });
    expect(res.data!.me.id).toBe(session.user.id);
  });

  const refused: [string, () => string | Promise<string>][] = [
    ['expired', () => sign({ roles: ['ADMIN'] }, { expiresIn: -60 })],
    [
      'tampered (roles raised after signing)',
      async () => {
        const [header, payload, signature] = (await register()).accessToken.split('.');
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
        const forged = Buffer.from(JSON.stringify({ ...claims, roles: ['ADMIN'] })).toString('base64url');
        return [header, forged, signature].join('.');
      },
    ],
    [
      'signed with alg none',
      () => {
        const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT', kid: realKey().kid })).toString('base64url');
        const body = Buffer.from(
          JSON.stringify({ sub: randomUUID(), roles: ['ADMIN'], iss: 'tvstream-identity', aud: 'tvstream', exp: Math.floor(Date.now() / 1000) + 600 }),
        ).toString('base64url');
        return `${header}.${body}.`;
      },
    ],
    [
      'signed by an unknown key',
      () => {
        const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
        return sign({ roles: ['ADMIN'] }, {}, { kid: randomUUID(), privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
      },
    ],
    [
      'signed by an unknown key that reuses a known kid',
      () => {
        const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
        return sign({ roles: ['ADMIN'] }, {}, { kid: realKey().kid, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() });
      },
    ],
    ['for another audience', () => sign({ roles: ['ADMIN'] }, { audience: 'someone-else' })],
    ['from another issuer', () => sign({ roles: ['ADMIN'] }, { issuer: 'evil-identity' })],
    [
      'HMAC-signed with the public key as secret',
      () =>
        jwt.sign({ roles: ['ADMIN'] }, 'public-key-as-secret', {
          algorithm: 'HS256',
          keyid: realKey().kid,
          issuer: 'tvstream-identity',
          audience: 'tvstream',
          subject: randomUUID(),
        }),
    ],
  ];

  test.each(refused)('a token %s is UNAUTHENTICATED at the gateway and at the subgraph', async (_label, make) => {
    const token = await make();
    for (const url of [process.env.GATEWAY_URL, process.env.IDENTITY_URL]) {
      const res = await gql(ADMIN_QUERY, {}, { token, url });
      expect(res.status).toBe(401);
      expect(codes(res)).toEqual(['UNAUTHENTICATED']);
      expect(res.data).toBeUndefined();
    }
  });

  test('a malformed Authorization header is UNAUTHENTICATED', async () => {
    const res = await gql(ME, {}, { headers: { authorization: 'Token abc' } });
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('the subgraphs enforce the policy themselves', () => {
  test('calling identity directly without a token for an admin field is refused', async () => {
    const res = await gql(ADMIN_QUERY, {}, { url: process.env.IDENTITY_URL });
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.data).toBeNull();
  });

  test('calling identity directly as a viewer for an admin mutation is FORBIDDEN', async () => {
    const viewer = await register();
    const res = await gql(
      `mutation($id: ID!) { disableUser(userId: $id) { id } }`,
      { id: viewer.user.id },
      { token: viewer.accessToken, url: process.env.IDENTITY_URL },
    );
    expect(codes(res)).toEqual(['FORBIDDEN']);
  });
});

describe('query limits and request hygiene', () => {
  test('a query 20 levels deep is refused before execution', async () => {
    // The depth rule reads the document's shape, so a deep selection is refused whatever its fields.
    let selection = 'id';
    for (let i = 0; i < 17; i++) selection = `level${i} { ${selection} }`;
    const res = await gql(`{ me { profiles { ${selection} } } }`);
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errors!.map((e) => e.message).join(' ')).toMatch(/Query depth limit of 15 exceeded, found 20/);
    expect(codes(res)).toContain('GRAPHQL_VALIDATION_FAILED');
  });

  test('a query with 500 aliases is refused before execution', async () => {
    const aliases = Array.from({ length: 500 }, (_, i) => `a${i}: me { id }`).join(' ');
    const res = await gql(`{ ${aliases} }`);
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errors!.map((e) => e.message).join(' ')).toMatch(/alias/i);
  });

  test('aliases of __typename count against the alias limit, and the refusal is a validation error, not a syntax error', async () => {
    const aliases = Array.from({ length: 500 }, (_, i) => `t${i}: __typename`).join(' ');
    const res = await gql(`{ ${aliases} }`);
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errors!.map((e) => e.message)).toEqual(['Aliases limit of 30 exceeded, found 500.']);
    expect(codes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  // The gateway's answers are built on objects without Object.prototype (patches/@apollo+gateway): these names
  // are plain keys of the answer, never a way into the objects' prototypes.
  test('aliases named like JavaScript object internals come back as plain fields', async () => {
    const res = await gql(`{ __proto__: __typename constructor: __typename hasOwnProperty: __typename toJSON: __typename }`);
    expect(res.errors).toBeUndefined();
    expect(Object.entries(res.data as object)).toEqual([
      ['__proto__', 'Query'],
      ['constructor', 'Query'],
      ['hasOwnProperty', 'Query'],
      ['toJSON', 'Query'],
    ]);
  });

  test('a document over the token limit is a client error (400) naming the limit', async () => {
    const res = await gql(`{ ${Array.from({ length: 6000 }, () => 'me { id }').join(' ')} }`);
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errors!.map((e) => e.message).join(' ')).toMatch(/10000 tokens/);
    expect(codes(res)).toEqual(['GRAPHQL_PARSE_FAILED']);
  });

  test('a simple cross-site request is blocked by CSRF prevention', async () => {
    const res = await fetch(`${process.env.GATEWAY_URL}?query=${encodeURIComponent('{ me { id } }')}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/CSRF/i);
  });

  test('an oversized body is refused with a GraphQL-shaped error', async () => {
    const res = await fetch(process.env.GATEWAY_URL!, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ me { id } }`, variables: { padding: 'x'.repeat(200_000) } }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  test('field suggestions do not leak the schema', async () => {
    const res = await gql(`{ usr { id } }`);
    expect(res.errors![0].message).not.toMatch(/Did you mean/);
  });
});

describe('developer experience', () => {
  test('the playground and its assets are served from the project itself', async () => {
    const base = new URL(process.env.GATEWAY_URL!).origin;
    const page = await fetch(`${base}/playground`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="(\/playground\/assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBe(4);
    for (const asset of assets) expect((await fetch(`${base}${asset}`)).status).toBe(200);
  });

  test('the playground’s full introspection query passes the query limits', async () => {
    const res = await gql(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }));
    expect(res.errors).toBeUndefined();
    expect(res.data!.__schema.queryType.name).toBe('Query');
  });

  test('health, readiness and metrics answer', async () => {
    const base = new URL(process.env.GATEWAY_URL!).origin;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/graphql_request_duration_seconds_count\{[^}]*service="gateway"/);
  });
});
