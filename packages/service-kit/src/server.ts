import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Express } from 'express';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema, type GraphQLResolverMap } from '@apollo/subgraph';
import { applyMiddleware } from 'graphql-middleware';
import { GraphQLError, print, type DocumentNode } from 'graphql';
import type { Logger } from 'pino';
import { bearerToken, type TokenVerifier, type Viewer } from './auth';
import { unauthenticated } from './errors';
import type { RequestContext } from './context';
import { graphqlHandler, mountExpressGraphQL } from './graphql-http';
import { createHttpApp, graphqlPolicy, listen } from './http';
import type { SessionRevocations } from './revocation';
import { contractPermissions, type Policies } from './shield';
import { isProduction, type BaseConfig } from './config';
import { createMetrics, mountMetrics, mountProbes, type Metrics, type ReadinessCheck } from './observability';

export interface SubgraphOptions<C extends RequestContext> {
  name: string;
  typeDefs: DocumentNode;
  // Resolver maps are checked against the schema by codegen's generated types in each subgraph.
  resolvers: GraphQLResolverMap<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The rules behind the schema's `@policy` names; every other access rule is read from the schema itself. */
  policies?: Policies;
  host: string;
  port: number;
  /** METRICS_PORT: serve `/metrics` there only. */
  metricsPort?: number;
  production: boolean;
  bodyLimit: string;
  verifyToken: TokenVerifier;
  /** Sessions signed out and accounts disabled or given a new password (see revocation.ts): their tokens are refused. */
  revocations: Pick<SessionRevocations, 'isRevoked'>;
  log: Logger;
  /** Adds per-request state (loaders, clock) to the base context, from the request's headers and client address. */
  extendContext?: (base: RequestContext, req: SubgraphRequest) => C | Promise<C>;
  readiness?: Record<string, ReadinessCheck>;
  /** Extra HTTP routes (e.g. identity's JWKS), mounted before GraphQL. */
  routes?: (app: Express) => void;
  metrics?: Metrics;
  /** TRUSTED_PROXIES: who may tell this service the client's address (the gateway, for identity). */
  trustedProxies?: string;
  /**
   * What serves `/graphql`: node:http with Apollo Server's integration API (graphql-http.ts, the default), or
   * the Express stack (SUBGRAPH_HTTP=express, to measure both side by side).
   */
  http?: 'node' | 'express';
  /** The subgraph's own Apollo Server plugins, after the shared ones (e.g. rights loads what a query's fields all need before execution). */
  plugins?: SubgraphPlugin<C>[];
}

export type SubgraphPlugin<C extends RequestContext> = ApolloServerPlugin<C>;

/** What a subgraph's context is built from: the request's headers and the client's address (as `req.ip` found it). */
export interface SubgraphRequest {
  headers: IncomingHttpHeaders;
  ip: string | undefined;
}

export interface RunningService {
  url: string;
  port: number;
  metrics: Metrics;
  stop(): Promise<void>;
}

/**
 * Verifies the bearer token, if any, and refuses one whose session has ended (signed out, account disabled,
 * password changed). A bad token is refused outright rather than treated as anonymous.
 */
export async function authenticate(
  header: string | undefined,
  verify: TokenVerifier,
  revocations: Pick<SessionRevocations, 'isRevoked'> | null,
): Promise<Viewer | null> {
  const token = bearerToken(header);
  if (!token) return null;
  const viewer = await verify(token);
  if (revocations && (await revocations.isRevoked(viewer))) throw unauthenticated('This session has ended; sign in again');
  return viewer;
}

export function withHttpStatus(error: unknown): never {
  if (error instanceof GraphQLError) {
    const status = error.extensions.code === 'UNAUTHENTICATED' ? 401 : 400;
    throw new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status } } });
  }
  throw error;
}

export const requestIdOf = (header: string | string[] | undefined) => (Array.isArray(header) ? header[0] : header) || randomUUID();

/**
 * What every subgraph's server takes from the settings all services share (BaseConfig): where it listens
 * besides its own port, its mode, its body limit and what serves `/graphql`.
 */
export function sharedServerSettings(config: Pick<BaseConfig, 'HOST' | 'METRICS_PORT' | 'NODE_ENV' | 'BODY_LIMIT' | 'SUBGRAPH_HTTP'>) {
  return {
    host: config.HOST,
    metricsPort: config.METRICS_PORT,
    production: isProduction(config),
    bodyLimit: config.BODY_LIMIT,
    http: config.SUBGRAPH_HTTP,
  } satisfies Partial<SubgraphOptions<RequestContext>>;
}

/** Starts one subgraph: GraphQL at `/graphql`, plus `/healthz`, `/readyz` and `/metrics`. */
export async function startSubgraph<C extends RequestContext>(options: SubgraphOptions<C>): Promise<RunningService> {
  const metrics = options.metrics ?? createMetrics(options.name);
  const schema = applyMiddleware(
    buildSubgraphSchema([{ typeDefs: options.typeDefs, resolvers: options.resolvers }]),
    contractPermissions(options.typeDefs, options.policies),
  );

  const { app, httpServer, serveGraphQL, clientIp } = createHttpApp(options.trustedProxies);
  const policy = graphqlPolicy(options.production, metrics, httpServer, options.log);
  const server = new ApolloServer<C>({
    schema,
    ...policy,
    plugins: [
      ...policy.plugins,
      // Traces are for Apollo's hosted studio, which this project does not report to.
      ApolloServerPluginInlineTraceDisabled(),
      // The cache-control plugin wraps every field's resolver to collect hints; a schema that declares none
      // (all but live's) paid that on every field of every answer for a header it never sends.
      ...(print(options.typeDefs).includes('@cacheControl') ? [] : [ApolloServerPluginCacheControlDisabled()]),
      ...(options.plugins ?? []),
    ],
  });
  await server.start();

  mountProbes(app, metrics, options.readiness ?? {}, options.log);
  const stopMetrics = await mountMetrics(app, metrics, options.host, options.metricsPort);
  options.routes?.(app);
  const context = async (req: IncomingMessage): Promise<C> => {
    const requestId = requestIdOf(req.headers['x-request-id']);
    const log = options.log.child({ requestId });
    const viewer = await authenticate(req.headers.authorization, options.verifyToken, options.revocations).catch(withHttpStatus);
    const base: RequestContext = { viewer, requestId, log };
    return (options.extendContext ? await options.extendContext(base, { headers: req.headers, ip: clientIp(req) }) : base) as C;
  };
  // GraphQL on node:http (graphql-http.ts), as the gateway serves it: the route every call takes skips Express.
  if ((options.http ?? 'node') === 'node') serveGraphQL(graphqlHandler(server, { bodyLimit: options.bodyLimit, context }));
  else mountExpressGraphQL(app, server, { bodyLimit: options.bodyLimit, context });

  const { port, url } = await listen(httpServer, options.host, options.port);
  options.log.info({ url }, `${options.name} subgraph ready`);
  return {
    url,
    port,
    metrics,
    stop: async () => {
      await server.stop();
      await stopMetrics();
    },
  };
}
