// Tracing first: it instruments http, express, graphql and pg as they load.
import '@tvstream/service-kit/tracing';
import cluster from 'node:cluster';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { ApolloGateway } from '@apollo/gateway';
import { parse } from 'graphql';
import {
  authenticate,
  authorizationPlugin,
  CLOCK_HEADER,
  clockOverrideAllowed,
  createLogger,
  createHttpApp,
  createMetrics,
  graphqlHandler,
  mountExpressGraphQL,
  graphqlPolicy,
  isProduction,
  jwksTokenVerifier,
  listen,
  mountMetrics,
  mountProbes,
  readAccessContract,
  requestIdOf,
  runService,
  withHttpStatus,
  redisFromConfig,
  tokenRevocations,
  type RunningService,
} from '@tvstream/service-kit';
import { followChangeFeed } from './change-feed';
import { runCluster } from './cluster';
import { loadGatewayConfig, subgraphUrl, type GatewayConfig } from './config';
import type { GatewayContext } from './context';
import { AuthForwardingDataSource, subgraphFetchers } from './data-source';
import { RedisPersistedQueries } from './persisted-queries';
import { mountPlayground } from './playground';
import { regroupPlansOf } from './plan-stages';
import { LocalAnswers, PublicFetchCache, RedisAnswers } from './public-cache';
import { supergraphForPlanner } from './supergraph';
import { admitHttpOperation, loadTrustedDocuments } from './trusted-documents';

const firstValue = (header: string | string[] | undefined) => (Array.isArray(header) ? header[0] : header) ?? null;

export async function startGateway(config: GatewayConfig = loadGatewayConfig()): Promise<RunningService> {
  const log = createLogger('gateway', config.LOG_LEVEL);
  // Each start-up step is logged: a gateway that stalls on the way names the last step it reached.
  log.info({ port: config.GATEWAY_PORT, jwks: config.JWKS_URL, supergraph: config.SUPERGRAPH_PATH, redis: Boolean(config.REDIS_URL) }, 'gateway starting');
  const production = isProduction(config);
  const metrics = createMetrics('gateway');
  const verifyToken = jwksTokenVerifier(config);
  const supergraphSdl = readFileSync(config.SUPERGRAPH_PATH, 'utf8');
  const trustedDocuments = loadTrustedDocuments(config.TRUSTED_DOCUMENTS_PATH);
  const trustedOnly = config.TRUSTED_DOCUMENTS_ONLY;
  const redis = redisFromConfig(config);
  // Tokens of a session signed out, or of an account disabled or given a new password, stop here within seconds.
  const revocations = tokenRevocations(config, redis, log, 'gateway');
  const publicCache =
    config.PUBLIC_CACHE_MAX_SECONDS > 0 ? new PublicFetchCache(redis ? new RedisAnswers(redis) : new LocalAnswers(), config.PUBLIC_CACHE_MAX_SECONDS) : null;
  const changeFeed = publicCache && config.KAFKA_BROKERS ? followChangeFeed(publicCache, config, log, metrics) : null;
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphForPlanner(supergraphSdl),
    // Connections to subgraphs are kept alive; the default fetcher opens one per request.
    buildService: ({ name, url }) =>
      new AuthForwardingDataSource(
        name,
        { url: subgraphUrl(name, url), fetcher: subgraphFetchers[config.SUBGRAPH_FETCH] },
        publicCache,
        config.BATCH_SUBGRAPH_FETCHES,
        (fetches, error) =>
          log.warn({ service: name, fetches, error: error instanceof Error ? error.message : undefined }, 'merged subgraph fetch refused; sent one by one'),
        (error, requestId) =>
          log.warn({ service: name, requestId, error: error instanceof Error ? error.message : String(error) }, 'public answer not refreshed; it expires'),
      ),
  });
  // Plans regrouped into stages whose fetches to one subgraph go as one request (plan-stages.ts).
  if (config.BATCH_SUBGRAPH_FETCHES) regroupPlansOf(gateway);

  const clockOverride = clockOverrideAllowed(config);
  const { app, httpServer, serveGraphQL, clientIp } = createHttpApp(config.TRUSTED_PROXIES);
  const policy = graphqlPolicy(production, metrics, httpServer, log);
  const server = new ApolloServer<GatewayContext>({
    gateway,
    ...policy,
    // Automatic persisted queries are for third parties, who are not served in trusted-only mode.
    persistedQueries: trustedOnly
      ? false
      : {
          ttl: config.PERSISTED_QUERIES_TTL_SECONDS,
          ...(redis
            ? {
                cache: new RedisPersistedQueries(redis, (error) =>
                  log.warn({ error: error instanceof Error ? error.message : String(error) }, 'persisted query not stored; the client will send it again'),
                ),
              }
            : {}),
        },
    plugins: [...policy.plugins, authorizationPlugin<GatewayContext>(readAccessContract(parse(supergraphSdl)))],
  });
  await server.start();
  log.info('query planner started on the supergraph');

  // Ready when it can plan queries and verify tokens: a supergraph is loaded and identity's JWKS answers.
  mountProbes(
    app,
    metrics,
    {
      supergraph: async () => {
        if (!gateway.schema) throw new Error('no supergraph loaded');
      },
      jwks: async () => {
        const res = await fetch(config.JWKS_URL, { signal: AbortSignal.timeout(2000) });
        if (!res.ok) throw new Error(`JWKS answered ${res.status}`);
      },
    },
    log,
  );
  const stopMetrics = await mountMetrics(app, metrics, config.HOST, config.METRICS_PORT);
  if (!production && config.PLAYGROUND === 'on') mountPlayground(app, '/graphql');
  const contextOf = async (req: http.IncomingMessage): Promise<GatewayContext> => {
    const { headers } = req;
    return {
      viewer: await authenticate(headers.authorization, verifyToken, revocations).catch(withHttpStatus),
      authorization: headers.authorization ?? null,
      requestId: requestIdOf(headers['x-request-id']),
      clientIp: clientIp(req) ?? 'unknown',
      clock: clockOverride ? firstValue(headers[CLOCK_HEADER]) : null,
      acceptLanguage: headers['accept-language'] ?? null,
    };
  };
  const admit = admitHttpOperation(trustedDocuments, trustedOnly);
  // GraphQL on node:http (service-kit's graphql-http.ts): the route every client request takes skips Express.
  if (config.GATEWAY_HTTP === 'node') serveGraphQL(graphqlHandler(server, { bodyLimit: config.BODY_LIMIT, admit, context: contextOf }));
  else mountExpressGraphQL(app, server, { bodyLimit: config.BODY_LIMIT, admit, context: contextOf });

  log.info({ host: config.HOST, port: config.GATEWAY_PORT }, 'opening its port');
  const { port, url } = await listen(httpServer, config.HOST, config.GATEWAY_PORT);
  log.info({ url, playground: !production && config.PLAYGROUND === 'on', trustedDocuments: trustedDocuments.size, trustedOnly }, 'gateway ready');
  return {
    url,
    port,
    metrics,
    stop: async () => {
      await server.stop();
      await changeFeed?.stop();
      await stopMetrics();
      redis?.disconnect();
    },
  };
}

if (require.main === module) {
  const config = loadGatewayConfig();
  if (config.GATEWAY_WORKERS > 1 && cluster.isPrimary) runCluster(config.GATEWAY_WORKERS, config.LOG_LEVEL);
  else runService('gateway', () => startGateway(config));
}
