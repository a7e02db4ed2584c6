// Tracing first: it instruments http, express, graphql and pg as they load.
import '@tvstream/service-kit/tracing';
import cluster from 'node:cluster';
import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';
import { parse } from 'graphql';
import {
  authenticate,
  authorizationPlugin,
  CLOCK_HEADER,
  clockOverrideAllowed,
  createLogger,
  createHttpApp,
  createMetrics,
  followChanges,
  graphqlHandler,
  mountExpressGraphQL,
  graphqlPolicy,
  IDLE_CONNECTION_MS,
  isProduction,
  jwksTokenVerifier,
  listen,
  mountMetrics,
  mountProbes,
  readAccessContract,
  requestIdOf,
  runService,
  serviceUnavailable,
  withHttpStatus,
  redisFromConfig,
  tokenRevocations,
  TOPIC_PARTITIONS,
  type ChangeFeed,
  type Logger,
  type Metrics,
  type RunningService,
} from '@tvstream/service-kit';
import { runCluster } from './cluster';
import { loadGatewayConfig, subgraphUrl, type GatewayConfig } from './config';
import type { GatewayContext } from './context';
import { mountPlayground } from './playground';
import { FetchBatches, type MergedOperation } from './fetch-batch';
import { InFlightFetches } from './in-flight';
import { regroupPlansOf } from './plan-stages';
import { LocalAnswers, PublicFetchCache, RedisAnswers, type Lookup } from './public-cache';
import { subgraphFetcher } from './subgraph-fetch';
import { supergraphForPlanner } from './supergraph';
import { admitHttpOperation, loadTrustedDocuments } from './trusted-documents';

// node-fetch 2 (CommonJS, what @apollo/gateway itself uses) with a keep-alive agent measured faster than
// Node's built-in fetch here: 60–62 % vs 53 % of direct subgraph throughput in `npm run bench -- federation`;
// node:http directly (subgraph-fetch.ts) is cheaper still, and node-fetch stays for measuring the two.
const nodeFetch = require('node-fetch') as (url: string, init?: object) => Promise<unknown>; // eslint-disable-line @typescript-eslint/no-require-imports
// Idle connections are dropped here well before the subgraphs would close them (IDLE_CONNECTION_MS), so a
// request never goes out on a connection the subgraph is closing.
const agentOptions = { keepAlive: true, maxSockets: 64, timeout: IDLE_CONNECTION_MS / 2 };
const keepAliveAgent = new http.Agent(agentOptions);
const fetchers: Record<GatewayConfig['SUBGRAPH_FETCH'], Fetcher> = {
  http: subgraphFetcher({ http: keepAliveAgent, https: new https.Agent(agentOptions) }),
  'node-fetch': ((url: string, init?: object) => nodeFetch(url, { ...init, agent: keepAliveAgent })) as unknown as Fetcher,
};

const firstValue = (header: string | string[] | undefined) => (Array.isArray(header) ? header[0] : header) ?? null;

type FetchOptions = GraphQLDataSourceProcessOptions<GatewayContext>;
type FetchResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

/** A subgraph that is restarting or shutting down: refused or dropped connections, or a proxy's 502–504. */
const NETWORK_FAILURES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
function unreachable(error: Error & { code?: string; errno?: string }, status?: number) {
  if (status !== undefined) return status >= 502 && status <= 504;
  return NETWORK_FAILURES.has(error.code ?? error.errno ?? '') || /socket hang up/.test(error.message);
}

/** Forwards the caller's token: every subgraph verifies it again, so the gateway is not the only guard. */
class AuthForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly serviceName: string,
    options: ConstructorParameters<typeof RemoteGraphQLDataSource<GatewayContext>>[0],
    private readonly publicCache: PublicFetchCache | null,
    batch: boolean,
    onFallback?: (fetches: number, error?: unknown) => void,
    private readonly onRefreshFailed?: (error: unknown, requestId: string) => void,
  ) {
    super(options);
    this.batches = batch
      ? new FetchBatches(
          (fetch) => fetch.request,
          (fetch, merged) => this.sendFetch(fetch, merged),
          onFallback,
        )
      : null;
  }

  private readonly inFlight = new InFlightFetches<FetchResponse>();
  private readonly batches: FetchBatches<FetchOptions, FetchResponse> | null;

  /** One request to the subgraph: a fetch as planned, or several merged into one operation (fetch-batch.ts). */
  private sendFetch(options: FetchOptions, merged?: MergedOperation) {
    if (!merged) return super.process(options);
    const { query, operationName, variables } = merged;
    return super.process({ ...options, request: { ...options.request, query, operationName, variables }, document: undefined } as FetchOptions);
  }

  /**
   * Answers everyone may share come from the public cache when it has them (see public-cache.ts); identical
   * anonymous fetches in flight together are sent once (see in-flight.ts); a client request's fetches to
   * this subgraph that start together are sent as one request (see fetch-batch.ts).
   */
  override async process(options: FetchOptions) {
    const cache = this.publicCache;
    // Only a client's queries: not health checks, not mutations.
    if (!('incomingRequestContext' in options) || !/^\s*(query\b|\{)/.test(options.request.query ?? '')) return super.process(options);
    const { request, context } = options;
    const fetchAndKeep = async (lookup: Lookup | undefined) => {
      try {
        // Fetches asking for federated traces get them for themselves alone.
        const traced = request.http?.headers.has('apollo-federation-include-trace');
        const response = await (this.batches && !traced ? this.batches.fetch(context, options) : super.process(options));
        if (lookup) cache!.keep(lookup, request, response);
        return response;
      } finally {
        if (lookup) cache!.release(lookup);
      }
    };
    const send = async () => {
      const lookup = await cache?.lookup(this.serviceName, request, context);
      if (!lookup?.answer) return fetchAndKeep(lookup);
      // Refreshed ahead of its expiry in the background: this caller does not wait for it.
      if (lookup.refreshes) fetchAndKeep(lookup).catch((error: unknown) => this.onRefreshFailed?.(error, context.requestId));
      return lookup.answer;
    };
    if (context.authorization) return send();
    return this.inFlight.share(JSON.stringify([request.query, request.variables ?? {}, context.acceptLanguage, context.clock]), send);
  }

  override willSendRequest(options: FetchOptions) {
    // Health checks and schema loads carry no caller (and an untyped context): nothing to forward.
    if (!('incomingRequestContext' in options) || !options.context.requestId) return;
    const { request, context } = options;
    if (context.authorization) request.http?.headers.set('authorization', context.authorization);
    request.http?.headers.set('x-request-id', context.requestId);
    request.http?.headers.set('x-forwarded-for', context.clientIp);
    if (context.clock) request.http?.headers.set(CLOCK_HEADER, context.clock);
    if (context.acceptLanguage) request.http?.headers.set('accept-language', context.acceptLanguage);
  }

  /** An unreachable subgraph is a clean, retryable error for the client, not an internal one. */
  override didEncounterError(error: Error, fetchRequest: Parameters<RemoteGraphQLDataSource['didEncounterError']>[1], fetchResponse?: { status: number }) {
    if (unreachable(error, fetchResponse?.status))
      throw serviceUnavailable(`The ${this.serviceName} service is unavailable right now; try again`, 'SUBGRAPH_UNAVAILABLE', {
        service: this.serviceName,
        retryable: true,
      });
    super.didEncounterError(error, fetchRequest);
  }
}

/** Subgraphs whose answers the public cache keeps, and whose events (their outbox topics) drop them. */
const CACHED_SUBGRAPHS = ['catalog', 'live'];

/**
 * The public cache follows the subgraphs' change feed; while Kafka cannot be reached it tries again, and
 * answers stay fresh within PUBLIC_CACHE_MAX_SECONDS meanwhile.
 */
function followChangeFeed(cache: PublicFetchCache, config: GatewayConfig, log: Logger, metrics: Metrics) {
  let feed: ChangeFeed | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const start = () =>
    followChanges({
      brokers: config.KAFKA_BROKERS!.split(','),
      topicPrefix: config.KAFKA_TOPIC_PREFIX,
      topics: Object.keys(TOPIC_PARTITIONS).filter((topic) => CACHED_SUBGRAPHS.includes(topic.split('.')[0])),
      clientId: 'gateway-cache',
      log,
      metrics,
      onChange: (topic, partition, offset) => cache.changed(topic.split('.')[0], `${topic}:${partition}`, offset),
    }).then(
      (started) => {
        if (stopped) return void started.stop();
        feed = started;
      },
      (error: Error) => {
        log.warn({ error: error.message }, 'the public cache cannot follow the change feed yet; trying again');
        if (!stopped) retry = setTimeout(() => void start(), 10_000).unref();
      },
    );
  const starting = start();
  return {
    /** Resolves once the feed is followed (or found unreachable the first time). */
    starting,
    stop: async () => {
      stopped = true;
      clearTimeout(retry);
      await feed?.stop();
    },
  };
}

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
        { url: subgraphUrl(name, url), fetcher: fetchers[config.SUBGRAPH_FETCH] },
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
    ...(trustedOnly ? { persistedQueries: false as const } : {}),
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
