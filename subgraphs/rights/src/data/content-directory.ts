/**
 * Looks content up in its owning subgraphs (catalog, live) through federation's own entry point,
 * `_entities`, the way the gateway does. Calls are anonymous on purpose: rights must learn a title's
 * maturity rating to refuse it with a clear reason, while the owners still hide unpublished content.
 */
import { LRUCache } from 'lru-cache';
import { serviceUnavailable } from '@tvstream/service-kit';
import type { ContentDescriptor, ContentType } from '../domain/content';

export interface ContentRef {
  type: ContentType;
  id: string;
}

const TYPENAMES: Record<ContentType, string> = {
  MOVIE: 'Movie',
  SERIES: 'Series',
  EPISODE: 'Episode',
  CHANNEL: 'Channel',
  PROGRAMME: 'Programme',
};
const CONTENT_TYPES = Object.keys(TYPENAMES) as ContentType[];
/** What offers sell: catalog's titles. */
const TITLE_TYPES: ContentType[] = ['MOVIE', 'SERIES', 'EPISODE'];
const OWNER: Record<ContentType, 'catalog' | 'live'> = {
  MOVIE: 'catalog',
  SERIES: 'catalog',
  EPISODE: 'catalog',
  CHANNEL: 'live',
  PROGRAMME: 'live',
};

const QUERIES = {
  catalog: `query Content($representations: [_Any!]!) { _entities(representations: $representations) { __typename
    ... on Movie { id genreSlugs maturityRating }
    ... on Series { id genreSlugs maturityRating }
    ... on Episode { id genreSlugs maturityRating series { id } } } }`,
  live: `query Content($representations: [_Any!]!) { _entities(representations: $representations) { __typename
    ... on Channel { id genreSlugs catchupDays }
    ... on Programme { id start end maturityRating channel { id genreSlugs catchupDays } } } }`,
};

interface EntityRow {
  __typename: string;
  id: string;
  genreSlugs?: string[];
  maturityRating?: number;
  catchupDays?: number;
  series?: { id: string };
  start?: string;
  end?: string;
  channel?: { id: string; genreSlugs: string[]; catchupDays: number };
}

function toDescriptor(ref: ContentRef, row: EntityRow | null): ContentDescriptor | null {
  if (!row || row.__typename !== TYPENAMES[ref.type]) return null;
  if (ref.type === 'PROGRAMME') {
    return {
      id: row.id,
      type: ref.type,
      channelId: row.channel!.id,
      genreSlugs: row.channel!.genreSlugs,
      maturityRating: row.maturityRating ?? 0,
      start: new Date(row.start!),
      end: new Date(row.end!),
      catchupDays: row.channel!.catchupDays,
    };
  }
  return {
    id: row.id,
    type: ref.type,
    seriesId: row.series?.id ?? null,
    genreSlugs: row.genreSlugs ?? [],
    maturityRating: row.maturityRating ?? 0,
    catchupDays: row.catchupDays,
  };
}

export class ContentDirectory {
  // Every playing stream heartbeats; without this, each beat would be a request to the content's owner.
  private readonly recentlySeen: LRUCache<string, ContentDescriptor>;

  constructor(
    private readonly urls: { catalog: string; live: string },
    cacheSeconds: number,
    /** How long an owner may take to answer: a stalled owner must not hold heartbeats and starts with it. */
    private readonly timeoutMs: number,
  ) {
    this.recentlySeen = new LRUCache({ max: 50_000, ttl: Math.max(1, cacheSeconds) * 1000 });
  }

  /** Descriptors in the order of `refs`; null where the owner does not know (or does not show) the content. */
  async describe(refs: readonly ContentRef[]): Promise<(ContentDescriptor | null)[]> {
    const results: (ContentDescriptor | null)[] = refs.map(() => null);
    await Promise.all(
      (['catalog', 'live'] as const).map(async (owner) => {
        const indexes = refs.map((ref, i) => (OWNER[ref.type] === owner ? i : -1)).filter((i) => i >= 0);
        if (!indexes.length) return;
        const rows = await this.entities(owner, indexes.map((i) => ({ __typename: TYPENAMES[refs[i].type], id: refs[i].id })));
        indexes.forEach((refIndex, k) => (results[refIndex] = toDescriptor(refs[refIndex], rows[k] ?? null)));
      }),
    );
    return results;
  }

  /** Of these title ids (movies, series, episodes), the ones catalog shows: one request, to catalog alone. */
  async shownTitles(ids: readonly string[]): Promise<Set<string>> {
    return new Set((await this.describeAs(ids, TITLE_TYPES)).keys());
  }

  /** Finds content by id alone: a playback request does not say whether it is a movie or a programme. */
  async find(id: string): Promise<ContentDescriptor | null> {
    return (await this.describeAs([id], CONTENT_TYPES)).get(id) ?? null;
  }

  /**
   * Content that may be up to `cacheSeconds` stale, for checks that repeat during a stream: a title
   * unpublished or moved to other genres mid-stream is noticed within that time. Content the owner does not show is
   * never remembered, so a newly published title is seen at once.
   */
  async recent(ref: ContentRef): Promise<ContentDescriptor | null> {
    const key = `${ref.type}:${ref.id}`;
    const known = this.recentlySeen.get(key);
    if (known) return known;
    const [found] = await this.describe([ref]);
    if (found) this.recentlySeen.set(key, found);
    return found;
  }

  /** Each id asked as each of `types` (its owner answers for the type it is): what is shown, by id. */
  private async describeAs(ids: readonly string[], types: readonly ContentType[]): Promise<Map<string, ContentDescriptor>> {
    const refs = ids.flatMap((id) => types.map((type) => ({ type, id })));
    const found = await this.describe(refs);
    const byId = new Map<string, ContentDescriptor>();
    found.forEach((descriptor, i) => descriptor && !byId.has(refs[i].id) && byId.set(refs[i].id, descriptor));
    return byId;
  }

  private async entities(owner: 'catalog' | 'live', representations: object[]): Promise<(EntityRow | null)[]> {
    let response: Response;
    let body: { data?: { _entities: (EntityRow | null)[] }; errors?: { message: string }[] };
    try {
      // One deadline for connecting, the answer's headers and its body.
      const signal = AbortSignal.timeout(this.timeoutMs);
      response = await fetch(this.urls[owner], {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: QUERIES[owner], variables: { representations } }),
        signal,
      });
      body = (await response.json()) as typeof body;
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') {
        throw serviceUnavailable(`The ${owner} service did not answer within ${this.timeoutMs} ms; try again shortly`, 'CONTENT_OWNER_TIMEOUT', { service: owner });
      }
      if ((error as Error).name === 'TypeError') {
        throw serviceUnavailable(`The ${owner} service cannot be reached; try again shortly`, 'CONTENT_OWNER_UNAVAILABLE', { service: owner });
      }
      throw error;
    }
    if (!response.ok || !body.data) {
      throw new Error(`${owner} could not resolve content: ${body.errors?.map((e) => e.message).join('; ') ?? response.status}`);
    }
    return body.data._entities;
  }
}
