import { parse } from 'graphql';
import { createLogger } from './logger';
import { unauthenticated } from './errors';
import type { RequestContext } from './context';
import type { Viewer } from './auth';
import { startSubgraph, type RunningService, type SubgraphRequest } from './server';

/**
 * A subgraph serves `/graphql` on node:http by default and on its former Express stack with
 * SUBGRAPH_HTTP=express. Both run here side by side, on the same schema, token checks and context, and
 * every request gets the same status, content type and body from each: the gateway's calls (entities,
 * forwarded headers and client address), the caller's own, and refusals.
 */
const typeDefs = parse(`
  extend schema
    @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@authenticated"])
    @link(url: "https://tvstream.dev/access/v1.0", import: ["@public"])

  directive @public on OBJECT | INTERFACE | FIELD_DEFINITION

  type Query {
    hello: String @public
    me: String @authenticated
    clientIp: String @public
    language: String @public
  }

  type Thing @key(fields: "id") @public {
    id: ID!
    name: String
  }
`);

interface Ctx extends RequestContext {
  clientIp: string;
  language: string | null;
}

const resolvers = {
  Query: {
    hello: () => 'world',
    me: (_: unknown, __: unknown, ctx: Ctx) => ctx.viewer?.userId,
    clientIp: (_: unknown, __: unknown, ctx: Ctx) => ctx.clientIp,
    language: (_: unknown, __: unknown, ctx: Ctx) => ctx.language,
  },
  Thing: { __resolveReference: ({ id }: { id: string }) => ({ id, name: `thing ${id}` }) },
};

const viewers: Record<string, Viewer> = {
  good: { userId: 'user-1', roles: ['VIEWER'], profileId: null, maxMaturity: 18, sessionId: 'live' },
  signedOut: { userId: 'user-2', roles: ['VIEWER'], profileId: null, maxMaturity: 18, sessionId: 'ended' },
};

const services: RunningService[] = [];

async function start(http: 'node' | 'express') {
  const service = await startSubgraph<Ctx>({
    name: `subgraph-${http}`,
    typeDefs,
    resolvers,
    host: '127.0.0.1',
    port: 0,
    production: true,
    bodyLimit: '1kb',
    http,
    log: createLogger(`subgraph-${http}`, 'silent'),
    verifyToken: async (token) => viewers[token] ?? Promise.reject(unauthenticated('Invalid access token')),
    revocations: { isRevoked: async (viewer) => viewer.sessionId === 'ended' },
    trustedProxies: '127.0.0.1/8',
    extendContext: (base, req: SubgraphRequest) => ({ ...base, clientIp: req.ip ?? 'unknown', language: req.headers['accept-language'] ?? null }),
  });
  services.push(service);
  return service.url;
}

let expressUrl: string;
let nodeUrl: string;

beforeAll(async () => {
  [expressUrl, nodeUrl] = await Promise.all([start('express'), start('node')]);
});

afterAll(async () => {
  await Promise.all(services.map((s) => s.stop()));
});

async function answer(url: string, init: RequestInit) {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type'), body: text ? (JSON.parse(text) as unknown) : text };
}

const json = { 'content-type': 'application/json' };
const post = (query: string, headers: Record<string, string> = {}, variables?: Record<string, unknown>): RequestInit => ({
  method: 'POST',
  headers: { ...json, ...headers },
  body: JSON.stringify({ query, variables }),
});

const cases: Record<string, RequestInit> = {
  'a public query': post('{ hello }'),
  'the caller, from the token': post('{ me }', { authorization: 'Bearer good' }),
  'a closed field for an anonymous caller': post('{ me }'),
  'a token that does not verify': post('{ me }', { authorization: 'Bearer forged' }),
  'a token of a session that ended': post('{ me }', { authorization: 'Bearer signedOut' }),
  'a malformed Authorization header': post('{ me }', { authorization: 'Basic abc' }),
  'the client address the gateway forwards': post('{ clientIp }', { 'x-forwarded-for': '198.51.100.7' }),
  'the caller’s language': post('{ language }', { 'accept-language': 'fr-FR' }),
  'an _entities call': post(
    'query($r: [_Any!]!) { _entities(representations: $r) { ... on Thing { id name } } }',
    {},
    {
      r: [
        { __typename: 'Thing', id: '1' },
        { __typename: 'Thing', id: '2' },
      ],
    },
  ),
  'introspection in production': post('{ __schema { queryType { name } } }'),
  'a validation error': post('{ nope }'),
  'a body over the limit': { method: 'POST', headers: json, body: JSON.stringify({ query: `{ hello } #${'x'.repeat(2000)}` }) },
  'malformed JSON': { method: 'POST', headers: json, body: '{"query": ' },
};

test.each(Object.keys(cases))('%s: the same answer on node:http as on Express', async (name) => {
  const [before, after] = await Promise.all([answer(expressUrl, cases[name]), answer(nodeUrl, cases[name])]);
  expect(after).toEqual(before);
});

test('what the context is built from reaches the resolvers', async () => {
  const { body } = await answer(
    nodeUrl,
    post('{ me clientIp language }', { authorization: 'Bearer good', 'x-forwarded-for': '198.51.100.7', 'accept-language': 'fr' }),
  );
  expect(body).toEqual({ data: { me: 'user-1', clientIp: '198.51.100.7', language: 'fr' } });
});
