import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { waitUntilReady } from '../scripts/system';
import { PORT_OFFSETS, testPort } from './support/ports';

/**
 * The web server is the first hop the gateway trusts (TRUSTED_PROXIES: 1 in Kubernetes): it must overwrite
 * X-Forwarded-For with the browser's address, never append to what the browser sent, or a browser could name
 * any address it likes as the client and choose whose rate limits it spends. Its /graphql proxy here points at
 * a recorder standing in for the gateway, which shows the headers it was sent.
 */

const ROOT = resolve(__dirname, '..');
// Clear of the suite's ports and of the other files' (see register-refresh-limits.test.ts).
const WEB_PORT = testPort(PORT_OFFSETS.webForwardedFor);

let web: ChildProcess;
let recorder: Server;
const received: IncomingHttpHeaders[] = [];

beforeAll(async () => {
  recorder = createServer((req, res) => {
    received.push(req.headers);
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: { me: null } }));
    });
  });
  await new Promise<void>((done) => recorder.listen(0, '127.0.0.1', done));
  const gatewayPort = (recorder.address() as AddressInfo).port;
  web = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, 'web/server/index.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      WEB_PORT: String(WEB_PORT),
      GATEWAY_URL: `http://127.0.0.1:${gatewayPort}/graphql`,
      OTEL_TRACES_EXPORTER: 'none',
    },
    stdio: 'ignore',
  });
  await waitUntilReady('web', `http://127.0.0.1:${WEB_PORT}/readyz`, web, 120_000);
}, 180_000);

afterAll(async () => {
  if (web && web.exitCode === null) {
    const exited = new Promise((done) => web.once('exit', done));
    web.kill('SIGTERM');
    await exited;
  }
  await new Promise((done) => recorder?.close(done));
});

test('a forged X-Forwarded-For is replaced by the address the web server saw, not appended to', async () => {
  const res = await fetch(`http://127.0.0.1:${WEB_PORT}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9, 198.51.100.1' },
    body: JSON.stringify({ query: '{ me { id } }' }),
  });
  expect(res.status).toBe(200);
  expect(received).toHaveLength(1);
  const forwarded = String(received[0]['x-forwarded-for']);
  expect(forwarded).not.toContain('203.0.113.9');
  expect(forwarded).not.toContain('198.51.100.1');
  expect(forwarded.split(',').map((hop) => hop.trim())).toEqual([expect.stringMatching(/^(::ffff:)?127\.0\.0\.1$/)]);
});
