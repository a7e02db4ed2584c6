import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { ApolloServer } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { byteLimit, graphqlHandler, mountExpressGraphQL } from './graphql-http';
import { createHttpApp } from './http';

/**
 * The node:http GraphQL handler answers every request as the Express stack it replaced did
 * (`mountExpressGraphQL`: `express.json({ limit })`, `expressMiddleware`, the error handler): both run here
 * side by side on a real Apollo Server, and each request's status, content type and body are compared.
 */
const typeDefs = 'type Query { hello: String  who: String  ip: String }';
interface Ctx {
  who: string | null;
  ip: string;
}
const resolvers = { Query: { hello: () => 'world', who: (_: unknown, __: unknown, ctx: Ctx) => ctx.who, ip: (_: unknown, __: unknown, ctx: Ctx) => ctx.ip } };
const LIMIT = '1kb';

const contextOf = async (authorization: string | undefined, ip: string): Promise<Ctx> => {
  if (authorization === 'Bearer bad') throw new GraphQLError('bad token', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
  return { who: authorization ?? null, ip };
};

let server: ApolloServer<Ctx>;
const servers: http.Server[] = [];
let expressUrl: string;
let nodeUrl: string;

async function listen(httpServer: http.Server) {
  servers.push(httpServer);
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/graphql`;
}

beforeAll(async () => {
  server = new ApolloServer<Ctx>({ typeDefs, resolvers, csrfPrevention: true });
  await server.start();
  const before = createHttpApp('127.0.0.1/8');
  mountExpressGraphQL(before.app, server, {
    bodyLimit: LIMIT,
    context: async (req) => contextOf(req.headers.authorization, before.clientIp(req) ?? 'unknown'),
  });
  expressUrl = await listen(before.httpServer);
  const after = createHttpApp('127.0.0.1/8');
  after.serveGraphQL(
    graphqlHandler(server, { bodyLimit: LIMIT, context: async (req) => contextOf(req.headers.authorization, after.clientIp(req) ?? 'unknown') }),
  );
  after.app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  nodeUrl = await listen(after.httpServer);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  await server.stop();
});

async function answer(url: string, init: RequestInit & { path?: string }) {
  const res = await fetch(url + (init.path ?? ''), init);
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type'), body: text ? (JSON.parse(text) as unknown) : text };
}

const json = { 'content-type': 'application/json' };
const cases: Record<string, RequestInit & { path?: string }> = {
  'a query': { method: 'POST', headers: json, body: JSON.stringify({ query: '{ hello }' }) },
  'with a charset': { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify({ query: '{ hello }' }) },
  'a context error with its status': { method: 'POST', headers: { ...json, authorization: 'Bearer bad' }, body: JSON.stringify({ query: '{ who }' }) },
  'the caller forwarded': { method: 'POST', headers: { ...json, authorization: 'Bearer good' }, body: JSON.stringify({ query: '{ who }' }) },
  'the client address behind a trusted proxy': {
    method: 'POST',
    headers: { ...json, 'x-forwarded-for': '198.51.100.7, 203.0.113.9' },
    body: JSON.stringify({ query: '{ ip }' }),
  },
  'a body over the limit': { method: 'POST', headers: json, body: JSON.stringify({ query: `{ hello } #${'x'.repeat(2000)}` }) },
  'a gzipped body': { method: 'POST', headers: { ...json, 'content-encoding': 'gzip' }, body: gzipSync(JSON.stringify({ query: '{ hello }' })) },
  'a gzipped body over the limit': {
    method: 'POST',
    headers: { ...json, 'content-encoding': 'gzip' },
    body: gzipSync(JSON.stringify({ query: `{ hello } #${'x'.repeat(5000)}` })),
  },
  'an unknown encoding': { method: 'POST', headers: { ...json, 'content-encoding': 'snappy' }, body: '{}' },
  'malformed JSON': { method: 'POST', headers: json, body: '{"query": ' },
  'JSON that is not an object': { method: 'POST', headers: json, body: '"{ hello }"' },
  'an empty body': { method: 'POST', headers: json, body: '' },
  'a batch': { method: 'POST', headers: json, body: JSON.stringify([{ query: '{ hello }' }]) },
  'another content type (CSRF prevention)': { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{ hello }' },
  'a GET with the preflight header': { method: 'GET', headers: { 'apollo-require-preflight': 'yes' }, path: '?query=%7B%20hello%20%7D' },
  'a GET without it': { method: 'GET', path: '?query=%7B%20hello%20%7D' },
  'a validation error': { method: 'POST', headers: json, body: JSON.stringify({ query: '{ nope }' }) },
  'a syntax error': { method: 'POST', headers: json, body: JSON.stringify({ query: '{ hello ' }) },
  'no query': { method: 'POST', headers: json, body: JSON.stringify({ variables: {} }) },
  'another method': { method: 'PUT', headers: json, body: JSON.stringify({ query: '{ hello }' }) },
};

test.each(Object.keys(cases))('%s: the same answer as through Express', async (name) => {
  const [before, after] = await Promise.all([answer(expressUrl, cases[name]), answer(nodeUrl, cases[name])]);
  expect(after).toEqual(before);
});

test('other routes still go to Express', async () => {
  expect(await (await fetch(nodeUrl.replace('/graphql', '/healthz'))).json()).toEqual({ status: 'ok' });
});

test('body limits are read as express.json read them', () => {
  expect(byteLimit('100kb')).toBe(102400);
  expect(byteLimit('1mb')).toBe(1048576);
  expect(byteLimit('1.5 MB')).toBe(1572864);
  expect(byteLimit(512)).toBe(512);
  expect(() => byteLimit('lots')).toThrow();
});
