import http from 'node:http';
import https from 'node:https';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';
import { CLOCK_HEADER, IDLE_CONNECTION_MS, serviceUnavailable } from '@tvstream/service-kit';
import type { GatewayConfig } from './config';
import type { GatewayContext } from './context';
import { FetchBatches, type MergedOperation } from './fetch-batch';
import { InFlightFetches } from './in-flight';
import type { Lookup, PublicFetchCache } from './public-cache';
import { subgraphFetcher } from './subgraph-fetch';

// node-fetch 2 (CommonJS, what @apollo/gateway itself uses) with a keep-alive agent measured faster than
// Node's built-in fetch here: 60–62 % vs 53 % of direct subgraph throughput in `npm run bench -- federation`;
// node:http directly (subgraph-fetch.ts) is cheaper still, and node-fetch stays for measuring the two.
const nodeFetch = require('node-fetch') as (url: string, init?: object) => Promise<unknown>; // eslint-disable-line @typescript-eslint/no-require-imports
// Idle connections are dropped here well before the subgraphs would close them (IDLE_CONNECTION_MS), so a
// request never goes out on a connection the subgraph is closing.
const agentOptions = { keepAlive: true, maxSockets: 64, timeout: IDLE_CONNECTION_MS / 2 };
const keepAliveAgent = new http.Agent(agentOptions);
export const subgraphFetchers: Record<GatewayConfig['SUBGRAPH_FETCH'], Fetcher> = {
  http: subgraphFetcher({ http: keepAliveAgent, https: new https.Agent(agentOptions) }),
  'node-fetch': ((url: string, init?: object) => nodeFetch(url, { ...init, agent: keepAliveAgent })) as unknown as Fetcher,
};

type FetchOptions = GraphQLDataSourceProcessOptions<GatewayContext>;
type FetchResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

/** A subgraph that is restarting or shutting down: refused or dropped connections, or a proxy's 502–504. */
const NETWORK_FAILURES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
function unreachable(error: Error & { code?: string; errno?: string }, status?: number) {
  if (status !== undefined) return status >= 502 && status <= 504;
  return NETWORK_FAILURES.has(error.code ?? error.errno ?? '') || /socket hang up/.test(error.message);
}

/** Forwards the caller's token: every subgraph verifies it again, so the gateway is not the only guard. */
export class AuthForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
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
