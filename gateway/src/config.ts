import { resolve } from 'node:path';
import { baseConfigSchema, loadConfig, setVariables } from '@tvstream/service-kit';
import { z } from 'zod';

export const gatewayConfigSchema = baseConfigSchema.extend({
  GATEWAY_PORT: z.coerce.number().int().min(0).default(4000),
  /** Processes serving the gateway (node:cluster), to use more than one core; 1 runs it in this process. */
  GATEWAY_WORKERS: z.coerce.number().int().min(1).default(1),
  /** The composed supergraph (see supergraph.yaml and `npm run compose`). */
  SUPERGRAPH_PATH: z.string().default(resolve(__dirname, '..', '..', 'supergraph.graphql')),
  /** The trusted documents (id → document) first-party apps send by id; `npm run documents` writes the web app's. */
  TRUSTED_DOCUMENTS_PATH: z.string().default(resolve(__dirname, '..', '..', 'web', 'src', 'generated', 'persisted-documents.json')),
  /** Answer only the trusted documents (production's setting); otherwise any operation, and automatic persisted queries. */
  TRUSTED_DOCUMENTS_ONLY: z.stringbool().default(false),
  /**
   * How long an automatic persisted query a client registered is answered by hash (then it is asked for the
   * text again); kept in Redis, shared by the replicas, when REDIS_URL is set.
   */
  PERSISTED_QUERIES_TTL_SECONDS: z.coerce.number().int().min(1).default(900),
  /**
   * Subgraph answers declared public (the same for everyone of one audience) are shared, through Redis when
   * REDIS_URL is set and in this process otherwise, for at most this many seconds: the freshness bound of an
   * edit when no change feed (KAFKA_BROKERS) tells sooner; 0 shares nothing.
   */
  PUBLIC_CACHE_MAX_SECONDS: z.coerce.number().int().min(0).default(0),
  /**
   * A client request's fetches to one subgraph that can start together go as one request (plans regrouped
   * into stages, fetches merged into one operation): the signed-in home reaches rights once, not three times.
   */
  BATCH_SUBGRAPH_FETCHES: z.stringbool().default(true),
  /** Kafka (comma-separated brokers): the public cache drops a subgraph's answers on each of its events. */
  KAFKA_BROKERS: z.string().optional(),
  /** The prefix the services publish their topics under. */
  KAFKA_TOPIC_PREFIX: z.string().optional(),
  /**
   * What serves `/graphql`: node:http with Apollo Server's integration API (service-kit's graphql-http.ts),
   * or the Express stack it replaced (for measuring both side by side in `npm run bench -- gateways`).
   */
  GATEWAY_HTTP: z.enum(['node', 'express']).default('node'),
  /**
   * How the gateway calls its subgraphs: node:http directly (subgraph-fetch.ts), or node-fetch, which it used
   * before (for measuring both side by side in `npm run bench -- gateways`).
   */
  SUBGRAPH_FETCH: z.enum(['http', 'node-fetch']).default('http'),
  /** Serve GraphiQL at /playground; always off in production. */
  PLAYGROUND: z.enum(['on', 'off']).default('on'),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
export const loadGatewayConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(gatewayConfigSchema, env);

/** `SUBGRAPH_IDENTITY_URL=…` overrides the routing URL composed into the supergraph for `identity`. */
export function subgraphUrl(name: string, composedUrl: string | undefined, env: NodeJS.ProcessEnv = process.env) {
  return setVariables(env)[`SUBGRAPH_${name.toUpperCase()}_URL`] ?? composedUrl;
}
