/**
 * Subgraph answers that are the same for everyone of one audience, shared between viewers.
 *
 * A subgraph says an answer is shareable with its `Cache-Control` header, which Apollo Server computes from
 * the schema's `@cacheControl` hints: `public` only when every field in it is hinted and none is PRIVATE
 * (live's channels, programmes and now/next, where `Programme.locked` depends on the viewer and marks any
 * answer holding it private; catalog's published titles, rails and genres, where editors' fields and video
 * assets are not hinted). The gateway keeps such a fetch's answer for the subgraph's max-age, capped by
 * PUBLIC_CACHE_MAX_SECONDS (the freshness bound), keyed by the fetch itself (document, variables), what else
 * a subgraph reads (Accept-Language, the test clock, the profile's language, which live's programme texts
 * follow) and the audience:
 * - `anonymous`, or the profile's maturity limit (catalog hides titles above it: a kids profile and an adult
 *   never share an answer);
 * - staff (editors, rights managers, admins) see drafts and unpublished windows, so they never read or fill
 *   the cache.
 * The token itself is not in the key: a public answer depends on nothing else in it. Per-viewer fields
 * (`entitled`, `myEntitlements`, `me`) come from other fetches (rights, identity), never public, so they are
 * never shared.
 *
 * Answers live in Redis when the gateway has one (shared by every gateway), in this process otherwise. With
 * Kafka configured, the subgraphs' change feed (service-kit's followChanges) moves a subgraph to a new generation on each
 * of its events: its entries from before are no longer read (they expire by themselves), so an edit shows as
 * soon as its event arrives, not only after the bound. A fetch that was in flight when its subgraph changed
 * is not stored. Generations come from the events' Kafka offsets, so every gateway agrees on them.
 *
 * Only fetches already seen answered public are looked up, so the others (rights, mutations) pay nothing; a
 * Redis failure is a miss.
 *
 * When an answer expires, every request of that moment misses it together: at 50 connections that was 50
 * catalog fetches at once, and the requests behind them made the home's p99. So one miss per key and
 * process fetches; the requests that miss the same key meanwhile wait for its answer, and fetch for themselves
 * only when it turns out not shareable (errors, private, overtaken by a change).
 *
 * Even that one miss made every connection of that moment wait for the refill. So an answer is refreshed
 * ahead of its expiry: once three quarters of its life has passed, the first caller in each process that
 * reads it still gets it, and fetches it again in the background for everyone. The freshness bound holds (an
 * answer is never served past its expiry); only a key nobody read in its last quarter is missed.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { Viewer } from '@tvstream/service-kit';
import type { GatewayContext } from './context';

/** Version 2 stores each answer after its refresh time; a gateway of version 1 reading it would fail to parse it. */
const PREFIX = 'gateway:public:2:';
/** The share of an answer's life after which its first reader refreshes it. */
const REFRESH_AFTER = 0.75;

type GatewayGraphQLResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

/** The seconds a subgraph allows everyone to share its answer for; 0 when it does not. */
export function publicMaxAge(cacheControl: string | null | undefined): number {
  if (!cacheControl || !/(^|,)\s*public\s*(,|$)/.test(cacheControl)) return 0;
  const maxAge = /(^|,)\s*max-age=(\d+)/.exec(cacheControl);
  return maxAge ? Number(maxAge[2]) : 0;
}

/** Whom a viewer shares public answers with; null for staff, who share nothing. */
export function audienceOf(viewer: Viewer | null): string | null {
  if (!viewer) return 'anonymous';
  if (viewer.roles.some((role) => role !== 'VIEWER')) return null;
  return `maturity:${viewer.maxMaturity}`;
}

export interface FetchRequest {
  query?: string;
  variables?: Record<string, unknown>;
}

/** Where shared answers are kept. */
export interface AnswerStore {
  get(key: string): Promise<string | null>;
  set(key: string, answer: string, seconds: number): void;
}

export class RedisAnswers implements AnswerStore {
  constructor(private readonly redis: Redis) {}
  get(key: string) {
    return this.redis.get(key).catch(() => null);
  }
  set(key: string, answer: string, seconds: number) {
    this.redis.set(key, answer, 'EX', seconds).catch(() => undefined);
  }
}

/** Deletes the keys (see `keyOf`) of a subgraph's answers from before its current generation. */
function dropOlderGenerations(answers: Map<string, unknown>, service: string, generation: string) {
  const ofService = `${PREFIX}${service}:`;
  const current = `${ofService}${generation}:`;
  for (const key of answers.keys()) if (key.startsWith(ofService) && !key.startsWith(current)) answers.delete(key);
}

/** This process's own store, for a gateway without Redis: at most `limit` answers, the oldest dropped first. */
export class LocalAnswers implements AnswerStore {
  private readonly answers = new Map<string, { answer: string; expires: number }>();
  constructor(private readonly limit = 5000) {}
  async get(key: string) {
    const entry = this.answers.get(key);
    if (!entry) return null;
    if (entry.expires > Date.now()) return entry.answer;
    this.answers.delete(key);
    return null;
  }
  set(key: string, answer: string, seconds: number) {
    this.answers.delete(key);
    this.answers.set(key, { answer, expires: Date.now() + seconds * 1000 });
    if (this.answers.size > this.limit) this.answers.delete(this.answers.keys().next().value!);
  }
  /** Drops what a subgraph's earlier generations left behind (Redis lets them expire instead). */
  dropOlder(service: string, generation: string) {
    dropOlderGenerations(this.answers, service, generation);
  }
  get size() {
    return this.answers.size;
  }
}

/** A cache lookup: the answer when there was one, and what keeping the subgraph's answer needs otherwise. */
export interface Lookup {
  answer: GatewayGraphQLResponse | null;
  /** Null when this caller's answers are not shared (staff). */
  audience: string | null;
  service: string;
  generation: string;
  context: GatewayContext;
  /** Set when this caller fetches for everyone waiting on the key: `keep` or `release` must follow. */
  leads?: string;
  /** Set when this caller got the answer and refreshes it for everyone: `keep` or `release` must follow. */
  refreshes?: string;
}

/** How many stored answers this process keeps parsed (the oldest dropped first). */
const DECODED_LIMIT = 256;

/**
 * A fresh copy of a parsed answer: the gateway writes other subgraphs' fields into the objects of an answer,
 * so no two callers may hold the same ones. Copying the parsed objects costs under a third of parsing the
 * text again (a 37 KB home answer: about 105 µs against 355). A field named `__proto__` (an alias) stays an
 * own field, as JSON.parse made it, instead of setting the copy's prototype.
 */
export function copyOfAnswer<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const items: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) items[i] = copyOfAnswer(value[i]);
    return items as T;
  }
  const copy: Record<string, unknown> = {};
  const fields = value as Record<string, unknown>;
  for (const name of Object.keys(fields)) {
    if (name === '__proto__') Object.defineProperty(copy, name, { value: copyOfAnswer(fields[name]), enumerable: true, writable: true, configurable: true });
    else copy[name] = copyOfAnswer(fields[name]);
  }
  return copy as T;
}

/** A stored answer: when it is due for a refresh (epoch ms), then the answer. */
const stored = (refreshAt: number, answer: string) => `${refreshAt}\n${answer}`;
const unstored = (entry: string) => {
  const newline = entry.indexOf('\n');
  return { refreshAt: Number(entry.slice(0, newline)), answer: entry.slice(newline + 1) };
};

export class PublicFetchCache {
  /** Fetches (service and document) some subgraph answered public: only those are looked up. */
  private readonly shareable = new Set<string>();
  /** Each subgraph's generation: the latest Kafka offset seen per topic partition of its change feed. */
  private readonly positions = new Map<string, Map<string, bigint>>();
  private readonly generations = new Map<string, string>();
  /** Keys being fetched by one caller, with how to hand the waiting callers its answer (null: not shared). */
  private readonly fetching = new Map<string, { answer: Promise<string | null>; settle: (answer: string | null) => void }>();
  /** Keys this process is refreshing ahead of their expiry. */
  private readonly refreshing = new Set<string>();
  /** Stored answers as parsed once by this process, with the text they were parsed from. */
  private readonly decoded = new Map<string, { text: string; answer: GatewayGraphQLResponse }>();

  constructor(
    private readonly store: AnswerStore,
    private readonly maxSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  private shapeOf(service: string, request: FetchRequest) {
    return `${service}:${request.query}`;
  }

  generationOf(service: string): string {
    return this.generations.get(service) ?? '0';
  }

  /**
   * A subgraph changed (its event at `offset` in `partition`): its answers from before are no longer read.
   * Offsets already seen (a replay, a second gateway's view) change nothing.
   */
  changed(service: string, partition: string, offset: bigint): boolean {
    const positions = this.positions.get(service) ?? new Map<string, bigint>();
    this.positions.set(service, positions);
    const seen = positions.get(partition);
    if (seen !== undefined && seen >= offset) return false;
    positions.set(partition, offset);
    const generation = createHash('sha256')
      .update(JSON.stringify([...positions].map(([p, o]) => `${p}@${o}`).sort()))
      .digest('hex')
      .slice(0, 16);
    this.generations.set(service, generation);
    if (this.store instanceof LocalAnswers) this.store.dropOlder(service, generation);
    dropOlderGenerations(this.decoded, service, generation);
    return true;
  }

  private keyOf(service: string, generation: string, audience: string, request: FetchRequest, context: GatewayContext) {
    const hash = createHash('sha256')
      .update(JSON.stringify([request.query, request.variables ?? {}, audience, context.acceptLanguage, context.clock, context.viewer?.language ?? null]))
      .digest('hex');
    return `${PREFIX}${service}:${generation}:${hash}`;
  }

  async lookup(service: string, request: FetchRequest, context: GatewayContext): Promise<Lookup> {
    const audience = audienceOf(context.viewer);
    const generation = this.generationOf(service);
    const lookup: Lookup = { answer: null, audience, service, generation, context };
    // The key (a hash of the whole fetch) is computed only for fetches that may be shared.
    if (audience === null || !this.shareable.has(this.shapeOf(service, request))) return lookup;
    const key = this.keyOf(service, generation, audience, request, context);
    const pending = this.fetching.get(key);
    if (pending) {
      const shared = await pending.answer;
      return shared ? { ...lookup, answer: this.answerOf(key, shared) } : lookup;
    }
    let settle!: (answer: string | null) => void;
    const answer = new Promise<string | null>((resolve) => (settle = resolve));
    this.fetching.set(key, { answer, settle });
    const entry = await this.store.get(key);
    if (!entry) return { ...lookup, leads: key };
    const { refreshAt, answer: kept } = unstored(entry);
    this.settle(key, kept);
    if (this.now() < refreshAt || this.refreshing.has(key)) return { ...lookup, answer: this.answerOf(key, kept) };
    this.refreshing.add(key);
    return { ...lookup, answer: this.answerOf(key, kept), refreshes: key };
  }

  /**
   * The caller's own copy of a stored answer, parsed only when its text is not the one parsed last for the
   * key (Redis hands back the same text as a new string; comparing it costs far less than parsing it).
   */
  private answerOf(key: string, text: string): GatewayGraphQLResponse {
    let decoded = this.decoded.get(key);
    if (decoded?.text !== text) {
      decoded = { text, answer: JSON.parse(text) as GatewayGraphQLResponse };
      this.decoded.delete(key);
      this.decoded.set(key, decoded);
      if (this.decoded.size > DECODED_LIMIT) this.decoded.delete(this.decoded.keys().next().value!);
    }
    return copyOfAnswer(decoded.answer);
  }

  private settle(key: string, answer: string | null) {
    this.fetching.get(key)?.settle(answer);
    this.fetching.delete(key);
  }

  /** The leading or refreshing fetch ended without an answer to share (it failed, or `keep` did not keep it). */
  release(lookup: Lookup) {
    if (lookup.leads) this.settle(lookup.leads, null);
    if (lookup.refreshes) this.refreshing.delete(lookup.refreshes);
  }

  /**
   * Keeps an answer its subgraph declared public, without errors, for at most the freshness bound, unless
   * the subgraph changed while it was being fetched.
   */
  keep(lookup: Lookup, request: FetchRequest, response: GatewayGraphQLResponse) {
    const seconds = Math.min(publicMaxAge(response.http?.headers.get('cache-control')), this.maxSeconds);
    const { audience, service, generation, context } = lookup;
    if (audience === null || seconds <= 0 || response.errors?.length || !response.data) return this.release(lookup);
    this.shareable.add(this.shapeOf(service, request));
    if (this.generationOf(service) !== generation) return this.release(lookup);
    const answer = JSON.stringify({ data: response.data, ...(response.extensions ? { extensions: response.extensions } : {}) });
    const key = this.keyOf(service, generation, audience, request, context);
    this.store.set(key, stored(this.now() + seconds * 1000 * REFRESH_AFTER, answer), seconds);
    this.settle(key, answer);
    this.release(lookup);
  }
}
