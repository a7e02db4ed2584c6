/**
 * Serves the built web app, proxies `/graphql` to the gateway and `/artwork/` (the posters the catalog draws)
 * to the catalog, so the browser talks to one origin: no CORS, and the gateway's CSRF prevention and cookies-free bearer tokens work unchanged. Plain `node:http`
 * and no dependency but the tracing every service shares: the production image runs it compiled into one
 * file (scripts/build.ts) with OpenTelemetry's packages beside it. CommonJS (server/package.json), as the
 * services are: the HTTP instrumentation wraps `http` as it is first required, which an ES module's
 * import of a built-in never is.
 */
// First, so `http` is wrapped before this file loads it.
import { flushTracing } from '@tvstream/service-kit/tracing';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { extname, join, resolve, sep } from 'node:path';

const HOST = process.env.HOST ?? '127.0.0.1';
const PORT = Number(process.env.WEB_PORT ?? 3000);
const GATEWAY = new URL(process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000/graphql');
// The catalog's /artwork route: catalog's ARTWORK_BASE_URL names this server's /artwork, which forwards here.
const CATALOG_ARTWORK = new URL(process.env.CATALOG_ARTWORK_URL ?? `http://127.0.0.1:${process.env.CATALOG_PORT ?? 4002}/artwork`);
const DIST = resolve(process.env.WEB_DIST_DIR ?? join(__dirname, '..', 'dist'));
const INDEX = join(DIST, 'index.html');
const PROXY_TIMEOUT_MS = 30_000;
// The media origin the player fetches signed playlists and segments from (rights' /manifests, or a CDN):
// the same variable rights signs its URLs with.
const MEDIA_ORIGIN = new URL(process.env.PLAYBACK_MANIFEST_BASE_URL ?? `http://127.0.0.1:${process.env.RIGHTS_PORT ?? 4004}/manifests`).origin;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

// Scripts and styles come only from this origin (the build emits no inline code); posters come from this
// origin's /artwork (the catalog's generated ones) or, as editors enter them, from anywhere; the only API is /graphql on this origin; the player reads the media origin and plays what it
// assembles in blob: URLs (Media Source Extensions).
const SECURITY_HEADERS = {
  'content-security-policy':
    `default-src 'self'; script-src 'self'; style-src 'self'; img-src * data:; connect-src 'self' ${MEDIA_ORIGIN}; media-src 'self' blob: ${MEDIA_ORIGIN}; ` +
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
};

// Connection-level headers (RFC 9110 §7.6.1) are not forwarded by a proxy.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host']);

function forwardedHeaders(req: IncomingMessage): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  }
  // Overwritten, not appended to: whatever the browser claims in X-Forwarded-For, the gateway hears only the
  // address this server saw, so a forged header cannot choose another client's rate limits.
  headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
  headers['x-forwarded-host'] = req.headers.host ?? '';
  headers['x-forwarded-proto'] = 'http';
  return headers;
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * `/artwork/<name>` to the catalog, GET and HEAD only. The name is passed on as one path segment, so nothing
 * but the catalog's /artwork route is reachable through it; the catalog's own headers (type, caching, ETag,
 * the image's content security policy) come back unchanged.
 */
function proxyToArtwork(req: IncomingMessage, res: ServerResponse, name: string) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' });
    return res.end();
  }
  const target = new URL(CATALOG_ARTWORK);
  target.pathname = `${target.pathname.replace(/\/+$/, '')}/${encodeURIComponent(name)}`;
  proxy(req, res, target);
}

/** Forwards the request to `target` and its answer back, headers and all but the connection's own. */
function proxy(req: IncomingMessage, res: ServerResponse, target: URL) {
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const upstream = send(target, { method: req.method, headers: forwardedHeaders(req), timeout: PROXY_TIMEOUT_MS }, (answer) => {
    const headers = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !HOP_BY_HOP.has(name)));
    res.writeHead(answer.statusCode ?? 502, headers as Record<string, string | string[]>);
    answer.pipe(res);
  });
  // A GraphQL-shaped error, so the app shows "service unavailable" like any other coded error.
  const fail = (message: string) => {
    if (res.headersSent) return res.destroy();
    sendJson(res, 502, { errors: [{ message, extensions: { code: 'BAD_GATEWAY' } }] });
  };
  upstream.on('timeout', () => upstream.destroy(new Error('timeout')));
  upstream.on('error', () => fail('The service is unavailable; try again shortly'));
  req.pipe(upstream);
}

function sendFile(res: ServerResponse, file: string, method: string, cacheControl: string) {
  const { size } = statSync(file);
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': size,
    'cache-control': cacheControl,
  });
  if (method === 'HEAD') return res.end();
  createReadStream(file).pipe(res);
}

function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' });
    return res.end();
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    res.writeHead(400);
    return res.end();
  }
  const file = resolve(DIST, `.${decoded}`);
  if (file === DIST) return sendFile(res, INDEX, req.method, 'no-cache');
  const inside = file.startsWith(DIST + sep);
  if (inside && existsSync(file) && statSync(file).isFile()) {
    // Vite puts a content hash in every asset name under /assets/, so those never change.
    const immutable = decoded.startsWith('/assets/');
    return sendFile(res, file, req.method, immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  }
  // A path with a file extension is a missing file; anything else is a route of the app (history API).
  if (!inside || extname(decoded)) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
    return res.end('Not found');
  }
  return sendFile(res, INDEX, req.method, 'no-cache');
}

let shuttingDown = false;

export const server = createServer((req, res) => {
  const { pathname } = new URL(req.url ?? '/', 'http://web.invalid');
  // While shutting down, callers are told not to reuse the connection this server is about to close.
  if (shuttingDown) res.setHeader('connection', 'close');
  if (pathname === '/graphql') return proxy(req, res, GATEWAY);
  if (pathname.startsWith('/artwork/')) return proxyToArtwork(req, res, pathname.slice('/artwork/'.length));
  if (pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
  if (pathname === '/readyz') {
    if (shuttingDown) return sendJson(res, 503, { status: 'shutting down' });
    const ready = existsSync(INDEX);
    return sendJson(res, ready ? 200 : 503, ready ? { status: 'ready' } : { status: 'no build', dist: DIST });
  }
  return serveStatic(req, res, pathname);
});

server.listen(PORT, HOST, () => {
  console.log(JSON.stringify({ service: 'web', msg: 'web app ready', url: `http://${HOST}:${PORT}/`, gateway: GATEWAY.href, dist: DIST }));
});

// Clean shutdown, as the services do (service-kit's runService): not ready at once, keep serving for
// SHUTDOWN_DELAY_SECONDS while the load balancer notices, then let in-flight requests (proxied GraphQL calls
// included) finish and exit; after SHUTDOWN_TIMEOUT_SECONDS the process exits anyway.
const SHUTDOWN_DELAY_MS = Number(process.env.SHUTDOWN_DELAY_SECONDS || 2) * 1000;
const SHUTDOWN_TIMEOUT_MS = Number(process.env.SHUTDOWN_TIMEOUT_SECONDS || 25) * 1000;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    shuttingDown = true;
    setTimeout(() => process.exit(1), SHUTDOWN_TIMEOUT_MS).unref();
    setTimeout(() => {
      // The last requests' spans are sent before the process goes.
      server.close(() => void flushTracing().finally(() => process.exit(0)));
      server.closeIdleConnections();
    }, SHUTDOWN_DELAY_MS);
  });
}
