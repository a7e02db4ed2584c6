import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { codes, register, type GraphQLResponse } from './support/client';
import { startTestGateway, type TestGateway } from './support/gateway';
import { PORT_OFFSETS } from './support/ports';

/** The web app's own operations, sent by id as the app sends them (web/src/api.ts). */
const ROOT = resolve(__dirname, '..');
const manifest = JSON.parse(readFileSync(resolve(ROOT, 'web/src/generated/persisted-documents.json'), 'utf8')) as Record<string, string>;
const idOf = (name: string) => Object.keys(manifest).find((id) => manifest[id].startsWith(`query ${name} `))!;
const ME = '{ me { id displayName } }';

let trustedOnly: TestGateway;

async function send(url: string, body: object, token?: string): Promise<GraphQLResponse> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, ...((await res.json()) as Omit<GraphQLResponse, 'status'>) };
}

/** A second gateway in trusted-only mode (production's setting), in front of the same subgraphs. */
beforeAll(async () => {
  trustedOnly = await startTestGateway('trusted-only gateway', PORT_OFFSETS.trustedDocumentsGateway, { TRUSTED_DOCUMENTS_ONLY: 'true' });
});

afterAll(() => trustedOnly?.stop());

test("the web app's home, sent by id through the web app's origin, is answered", async () => {
  const home = await send(new URL('/graphql', process.env.WEB_URL).href, { documentId: idOf('Home'), variables: {} });
  expect(home.errors).toBeUndefined();
  expect(Array.isArray(home.data!.collections)).toBe(true);
  expect(Array.isArray(home.data!.genres)).toBe(true);
});

describe('trusted-only mode', () => {
  test('a trusted document is answered by id, by persisted-query hash and as its own text', async () => {
    const viewer = await register();
    const id = idOf('MySubscriptions');
    for (const body of [
      { documentId: `sha256:${id}` },
      { extensions: { persistedQuery: { version: 1, sha256Hash: id } } },
      { query: manifest[id], extensions: { persistedQuery: { version: 1, sha256Hash: id } } },
      { query: manifest[id] },
    ]) {
      const res = await send(trustedOnly.url, body, viewer.accessToken);
      expect(res.errors).toBeUndefined();
      expect(res.data!.mySubscriptions).toEqual([]);
    }
  });

  test('any other operation is refused before it runs, registered or not', async () => {
    const viewer = await register();
    const refused = await send(trustedOnly.url, { query: ME }, viewer.accessToken);
    expect(refused.data).toBeUndefined();
    expect(codes(refused)).toEqual(['OPERATION_NOT_TRUSTED']);
    expect(refused.status).toBe(400);

    // Automatic persisted queries cannot register a document here either.
    const hash = createHash('sha256').update(ME).digest('hex');
    const persisted = { extensions: { persistedQuery: { version: 1, sha256Hash: hash } } };
    expect(codes(await send(trustedOnly.url, { query: ME, ...persisted }, viewer.accessToken))).toEqual(['OPERATION_NOT_TRUSTED']);
    expect(codes(await send(trustedOnly.url, persisted, viewer.accessToken))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    expect(codes(await send(trustedOnly.url, { documentId: hash }, viewer.accessToken))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });
});
