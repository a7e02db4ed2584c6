import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { formatError, maskedErrorLogPlugin } from './errors';
import { drainGraceMs, isShuttingDown } from './lifecycle';
import { nulCharacterGuard, queryLimits } from './limits';
import { metricsPlugin, type Metrics } from './observability';

/** How long a service keeps an idle keep-alive connection open; its callers must give up on one sooner. */
export const IDLE_CONNECTION_MS = 65_000;

/**
 * Express's `trust proxy` from TRUSTED_PROXIES: empty trusts nobody (the peer is the client), a number is how
 * many proxy hops to believe, anything else is a comma-separated list of addresses or CIDRs. Anyone can send
 * an X-Forwarded-For header, so it counts only as far as it was written by a proxy trusted here.
 */
export function trustedProxies(setting: string): false | number | string[] {
  const value = setting.trim();
  if (!value) return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

type TrustFn = (address: string, hop: number) => boolean;

/**
 * The client's address as Express's `req.ip` gives it (proxy-addr's walk): the peer, then each
 * X-Forwarded-For entry from the last, as long as the one before it is a trusted proxy.
 */
export function clientAddress(req: http.IncomingMessage, trust: TrustFn): string | undefined {
  const peer = req.socket.remoteAddress;
  const header = req.headers['x-forwarded-for'];
  if (!header || peer === undefined || !trust(peer, 0)) return peer;
  const forwarded = (Array.isArray(header) ? header.join(',') : header).split(',');
  let address = peer;
  for (let i = forwarded.length - 1, hop = 1; i >= 0; i--, hop++) {
    address = forwarded[i].trim();
    if (i === 0 || !trust(address, hop)) break;
  }
  return address;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

/**
 * The Express app and HTTP server every service (subgraph or gateway) runs on; `req.ip` is the client's
 * address. `serveGraphQL` puts a node:http handler (graphql-http.ts) on `/graphql` ahead of Express, and
 * `clientIp` finds the address there as `req.ip` would.
 */
export function createHttpApp(trusted = '') {
  const app = express();
  app.disable('x-powered-by');
  // Validated here: an address that is not one fails the start-up instead of trusting the wrong hops.
  app.set('trust proxy', trustedProxies(trusted));
  // While shutting down, every response tells the caller not to reuse its connection, so no caller is
  // left holding a kept-alive connection that this server is about to close.
  app.use((_req, res, next) => {
    if (isShuttingDown()) res.set('connection', 'close');
    next();
  });
  const trust = app.get('trust proxy fn') as TrustFn;
  let graphql: Handler | null = null;
  const httpServer = http.createServer((req, res) => {
    const url = req.url ?? '';
    if (graphql && url.startsWith('/graphql') && (url.length === 8 || url[8] === '?' || url[8] === '/')) return void graphql(req, res);
    app(req, res);
  });
  // Callers (the gateway, the web proxy, load balancers) keep connections alive and drop idle ones after a
  // few seconds. Had this server closed idle connections first (Node's default is 5 s), a request sent on
  // one just as it closed would fail with "socket hang up"; so this server waits longest.
  httpServer.keepAliveTimeout = IDLE_CONNECTION_MS;
  httpServer.headersTimeout = IDLE_CONNECTION_MS + 1000;
  return {
    app,
    httpServer,
    serveGraphQL: (handler: Handler) => void (graphql = handler),
    clientIp: (req: http.IncomingMessage) => clientAddress(req, trust),
  };
}

/**
 * The GraphQL policy the gateway and every subgraph share: query limits, CSRF prevention, no
 * introspection and masked errors in production (each logged once), metrics, no landing page, graceful drain on stop.
 */
export function graphqlPolicy(production: boolean, metrics: Metrics, httpServer: http.Server, log: Logger) {
  const limits = queryLimits();
  return {
    introspection: !production,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    formatError: (formatted: GraphQLFormattedError, error: unknown) => formatError(formatted, production, error),
    plugins: [
      ...limits.plugins,
      metricsPlugin(metrics),
      maskedErrorLogPlugin(log),
      nulCharacterGuard(),
      ApolloServerPluginLandingPageDisabled(),
      // In-flight requests get the shutdown's remaining time to finish, not Apollo's default 10 s.
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: drainGraceMs() }),
    ] as ApolloServerPlugin[],
  };
}

/**
 * Listens and returns the bound port (port 0 picks a free one) and the GraphQL URL. A port already taken
 * fails the start-up with its error instead of leaving it waiting.
 */
export async function listen(httpServer: http.Server, host: string, port: number) {
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const bound = (httpServer.address() as AddressInfo).port;
  return { port: bound, url: `http://${host}:${bound}/graphql` };
}
