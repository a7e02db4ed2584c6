import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLFormattedError, ValidationRule } from 'graphql';
import { formatError } from './errors';
import { queryLimits } from './limits';
import { metricsPlugin, type Metrics } from './observability';

/** The Express app and HTTP server every service (subgraph or gateway) runs on. */
export function createHttpApp() {
  const app = express();
  app.disable('x-powered-by');
  // Behind the gateway (or a local proxy) the client address arrives in X-Forwarded-For.
  app.set('trust proxy', 'loopback, uniquelocal');
  return { app, httpServer: http.createServer(app) };
}

/**
 * The GraphQL policy the gateway and every subgraph share: query limits, CSRF prevention, no
 * introspection and masked errors in production, metrics, no landing page, graceful drain on stop.
 */
export function graphqlPolicy(production: boolean, metrics: Metrics, httpServer: http.Server) {
  const limits = queryLimits();
  return {
    introspection: !production,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    validationRules: limits.validationRules as ValidationRule[],
    parseOptions: limits.parseOptions,
    formatError: (formatted: GraphQLFormattedError) => formatError(formatted, production),
    plugins: [
      ...limits.plugins,
      metricsPlugin(metrics),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
    ] as ApolloServerPlugin[],
  };
}

/** Listens and returns the bound port (port 0 picks a free one) and the GraphQL URL. */
export async function listen(httpServer: http.Server, host: string, port: number) {
  await new Promise<void>((resolve) => httpServer.listen(port, host, resolve));
  const bound = (httpServer.address() as AddressInfo).port;
  return { port: bound, url: `http://${host}:${bound}/graphql` };
}
