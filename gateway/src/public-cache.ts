/**
 * Subgraph answers that are the same for everyone, shared between viewers through Redis.
 *
 * A subgraph says an answer is shareable with its `Cache-Control` header, which Apollo Server computes from
 * the schema's `@cacheControl` hints: `public` only when every field in it is hinted and none is PRIVATE
 * (live's channels, programmes and now/next; `Programme.locked` depends on the viewer and marks any answer
 * holding it private). The gateway keeps such a fetch's answer for the subgraph's max-age, capped by
 * PUBLIC_CACHE_MAX_SECONDS (the freshness bound: an edit is visible within it), keyed by the fetch itself
 * (document, variables) and what else a subgraph reads (Accept-Language, the test clock, and from the token
 * only the profile's language, which live's programme texts follow). The token itself is not in the key: a
 * public answer depends on nothing else in it. Per-viewer fields (`entitled`,
 * `myEntitlements`, `me`) come from other fetches, which are never public, so they are never shared.
 *
 * Redis is read only for fetches already seen answered public, so the others (rights, mutations) pay
 * nothing; a Redis failure is a miss.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { GatewayContext } from './context';

const PREFIX = 'gateway:public:';

type GatewayGraphQLResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

/** The seconds a subgraph allows everyone to share its answer for; 0 when it does not. */
export function publicMaxAge(cacheControl: string | null | undefined): number {
  if (!cacheControl || !/(^|,)\s*public\s*(,|$)/.test(cacheControl)) return 0;
  const maxAge = /(^|,)\s*max-age=(\d+)/.exec(cacheControl);
  return maxAge ? Number(maxAge[2]) : 0;
}

export interface FetchRequest {
  query?: string;
  variables?: Record<string, unknown>;
}

export class PublicFetchCache {
  /** Fetches (service and document) some subgraph answered public: only those are looked up. */
  private readonly shareable = new Set<string>();

  constructor(
    private readonly redis: Redis,
    private readonly maxSeconds: number,
  ) {}

  private shapeOf(service: string, request: FetchRequest) {
    return `${service}:${request.query}`;
  }

  private keyOf(service: string, request: FetchRequest, context: GatewayContext) {
    const hash = createHash('sha256')
      .update(JSON.stringify([request.query, request.variables ?? {}, context.acceptLanguage, context.clock, context.viewer?.language ?? null]))
      .digest('hex');
    return `${PREFIX}${service}:${hash}`;
  }

  async get(service: string, request: FetchRequest, context: GatewayContext): Promise<GatewayGraphQLResponse | null> {
    if (!this.shareable.has(this.shapeOf(service, request))) return null;
    const stored = await this.redis.get(this.keyOf(service, request, context)).catch(() => null);
    return stored ? (JSON.parse(stored) as GatewayGraphQLResponse) : null;
  }

  /** Keeps an answer its subgraph declared public, without errors, for at most the freshness bound. */
  store(service: string, request: FetchRequest, context: GatewayContext, response: GatewayGraphQLResponse) {
    const seconds = Math.min(publicMaxAge(response.http?.headers.get('cache-control')), this.maxSeconds);
    if (seconds <= 0 || response.errors?.length || !response.data) return;
    this.shareable.add(this.shapeOf(service, request));
    const answer = JSON.stringify({ data: response.data, ...(response.extensions ? { extensions: response.extensions } : {}) });
    this.redis.set(this.keyOf(service, request, context), answer, 'EX', seconds).catch(() => undefined);
  }
}
