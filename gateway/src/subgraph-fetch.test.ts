import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Fetcher, FetcherResponse } from '@apollo/utils.fetcher';
import { subgraphFetcher } from './subgraph-fetch';

/**
 * The gateway's node:http fetcher gives @apollo/gateway's data source what node-fetch gave it: both call the
 * same server here, and what the data source reads (status, ok, statusText, headers, the body as text or
 * JSON, the errors) is compared.
 */
const nodeFetch = require('node-fetch') as (url: string, init?: object) => Promise<FetcherResponse>; // eslint-disable-line @typescript-eslint/no-require-imports
const agent = new http.Agent({ keepAlive: true });
const before: Fetcher = (url, init) => nodeFetch(url, { ...init, agent });
const after = subgraphFetcher({ http: agent, https: new https.Agent({ keepAlive: true }) });

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      switch (req.url) {
        case '/graphql': {
          const seen = {
            method: req.method,
            body,
            contentType: req.headers['content-type'],
            authorization: req.headers.authorization,
            length: req.headers['content-length'],
          };
          res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'max-age=30, public' });
          return void res.end(JSON.stringify({ data: { seen, text: 'café ✓' } }));
        }
        case '/refused':
          res.writeHead(401, { 'content-type': 'application/json' });
          return void res.end(JSON.stringify({ errors: [{ message: 'no', extensions: { code: 'UNAUTHENTICATED' } }] }));
        case '/proxy':
          res.writeHead(502, 'Bad Gateway', { 'content-type': 'text/html' });
          return void res.end('<html>bad gateway</html>');
        case '/broken':
          res.writeHead(200, { 'content-type': 'application/json' });
          return void res.end('{"data": ');
        default:
          res.writeHead(404);
          res.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  agent.destroy();
  await new Promise((resolve) => server.close(resolve));
});

/** What the data source reads of an answer (RemoteGraphQLDataSource and public-cache.ts). */
async function read(fetcher: Fetcher, path: string) {
  const init = {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', authorization: 'Bearer t' },
    body: JSON.stringify({ query: '{ me { id } }', variables: { word: 'naïve' } }),
  };
  const res = await fetcher(`${base}${path}`, init);
  const type = res.headers.get('Content-Type');
  return {
    status: res.status,
    ok: res.ok,
    statusText: res.statusText,
    url: res.url,
    type,
    cacheControl: res.headers.get('Cache-Control'),
    missing: res.headers.get('x-nothing'),
    body: type?.startsWith('application/json') ? await res.json().catch((error: Error) => `rejected: ${error.message.split(' reason:')[0]}`) : await res.text(),
  };
}

test.each(['/graphql', '/refused', '/proxy', '/broken', '/elsewhere'])('%s: read as node-fetch read it', async (path) => {
  expect(await read(after, path)).toEqual(await read(before, path));
});

test('a subgraph that is not listening: the same error message and code', async () => {
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/graphql`;
  await new Promise((resolve) => closed.close(resolve));
  const failure = (fetcher: Fetcher) =>
    fetcher(url, { method: 'POST', body: '{}' }).then(
      () => null,
      (error: Error & { code?: string }) => ({ message: error.message, code: error.code }),
    );
  const [expected, actual] = await Promise.all([failure(before), failure(after)]);
  expect(expected?.code).toBe('ECONNREFUSED');
  expect(actual).toEqual(expected);
});
