/**
 * The OpenSearch engine. Searches read an alias (`<prefix>search`); writes go through it with external
 * versioning (version_type=external: a write whose version is not above the stored one is refused with a
 * 409, which counts as done), so replayed or late events never overwrite newer data. Deletes and
 * unpublishes write versioned tombstones rather than deleting, so a late upsert cannot resurrect a
 * document after OpenSearch has forgotten the delete (index.gc_deletes). A reindex builds a new physical
 * index, mirrors live writes into it, and swaps the alias in one _aliases call.
 */
import { randomBytes } from 'node:crypto';
import { Client } from '@opensearch-project/opensearch';
import { accessSet, catchupFloor, channelsByCatchup } from '../domain/access';
import { displayTitle, LANGUAGE_BONUS, MATCH_TIERS, SOON_BONUS, SOON_SCALE_MS, TIMELY_BONUS, tierScore, type MatchTier } from '../domain/ranking';
import { distinctSuggestions } from '../domain/suggestions';
import {
  docKey,
  EVERY_PART,
  type AccessSet,
  type SearchDocument,
  type EntitlementGrant,
  type FacetBucket,
  type FacetName,
  type Highlight,
  type IndexOp,
  type PackageRecord,
  type SearchRequest,
  type SearchResponse,
  type SuggestionModel,
  type SuggestRequest,
} from '../domain/search-types';
import { contentIndexBody, entitlementsIndexBody, packagesIndexBody, reindexJobsIndexBody, reindexJobsMappings } from './opensearch-mappings';
import { OpenSearchReindexJobs } from './opensearch-reindex-jobs';
import type { ApplyResult, RebuildTarget, SearchEngine } from './search-engine';

export interface OpenSearchEngineOptions {
  url: string;
  /** Prefix of every index and alias (one per deployment or test run). */
  prefix: string;
  /** `wait_for`: a write returns once searchable (tests); false: within the refresh interval (1 s). */
  refresh?: 'wait_for' | false;
}

type BulkLine = Record<string, unknown>;

const TEXT_FIELDS = ['title^4', 'altTitles^2', 'titlesByLanguage.*^2', 'people^1.5', 'genreNames^1.5', 'description'];
const SHORT_FIELDS = TEXT_FIELDS.filter((f) => f !== 'description');
const HIGHLIGHT_FIELDS = ['title', 'altTitles', 'titlesByLanguage.*', 'people', 'description'];
const NAME_FIELDS = ['title', 'altTitles'];
const sub = (suffix: string) => NAME_FIELDS.map((f) => `${f}.${suffix}`);
const tier = (value: MatchTier, filter: object) => ({ constant_score: { filter, boost: tierScore(value) } });

/** Each title tier of domain/ranking.ts a constant score, matches elsewhere their text relevance; the best one counts. */
function titleTiers(q: string, withOtherFields: boolean): object {
  const queries: object[] = [
    tier(MATCH_TIERS.EXACT, { multi_match: { query: q, fields: sub('exact') } }),
    tier(MATCH_TIERS.PREFIX, { multi_match: { query: q, fields: sub('prefix'), type: 'phrase', analyzer: 'folded' } }),
    tier(MATCH_TIERS.ALL_WORDS, { multi_match: { query: q, fields: sub('prefix'), operator: 'and', analyzer: 'folded' } }),
    tier(MATCH_TIERS.FUZZY, {
      bool: {
        should: [
          { multi_match: { query: q, fields: NAME_FIELDS, operator: 'and', analyzer: 'folded', fuzziness: 'AUTO' } },
          { multi_match: { query: q, fields: NAME_FIELDS, type: 'bool_prefix', operator: 'and', analyzer: 'folded', fuzziness: 'AUTO' } },
          // Programme titles stemmed in their own language ("noticia" meets "Noticias").
          { multi_match: { query: q, fields: ['titlesByLanguage.*'], operator: 'and' } },
        ],
      },
    }),
  ];
  if (withOtherFields) {
    queries.push({
      bool: {
        should: [
          // Exact words and their synonyms score highest; then typos and unfinished words, in the short fields
          // only: expanding them over every synopsis costs the most and finds the least.
          { multi_match: { query: q, fields: TEXT_FIELDS, type: 'cross_fields', operator: 'and', boost: 2 } },
          { multi_match: { query: q, fields: SHORT_FIELDS, type: 'best_fields', operator: 'and', analyzer: 'folded', fuzziness: 'AUTO' } },
          { multi_match: { query: q, fields: SHORT_FIELDS, type: 'bool_prefix', operator: 'and', analyzer: 'folded' } },
        ],
        minimum_should_match: 1,
      },
    });
  }
  return { dis_max: { queries } };
}

/**
 * The ranking rule of domain/ranking.ts as a query: the tiers, then the bonuses of not-yet-over documents,
 * programmes starting soon (a `gauss` on their start) and titles in the viewer's language on top.
 */
function rankedQuery(q: string, filter: object[], now: Date, language: string | null, withOtherFields = true): object {
  const at = now.toISOString();
  const bonuses: object[] = [{ constant_score: { filter: { bool: { must_not: { range: { end: { lte: at } } } } }, boost: TIMELY_BONUS } }];
  if (language) bonuses.push({ constant_score: { filter: { exists: { field: `titlesByLanguage.${language}` } }, boost: LANGUAGE_BONUS } });
  return {
    function_score: {
      query: { bool: { must: [q ? titleTiers(q, withOtherFields) : { match_all: {} }], filter, should: bonuses } },
      functions: [
        {
          filter: { bool: { filter: [{ term: { type: 'PROGRAMME' } }, { range: { end: { gt: at } } }] } },
          gauss: { start: { origin: at, scale: `${SOON_SCALE_MS}ms`, decay: 0.5 } },
          weight: SOON_BONUS,
        },
        { filter: { bool: { must_not: { term: { type: 'PROGRAMME' } } } }, weight: SOON_BONUS },
        // Past programmes add nothing (a document no function matches would add 1).
        { filter: { match_all: {} }, weight: 0 },
      ],
      score_mode: 'sum',
      boost_mode: 'sum',
    },
  };
}

/** Highlights follow the words as typed, typos and prefixes included, whichever tier matched. */
const highlightQuery = (q: string) => ({
  bool: {
    should: [
      { multi_match: { query: q, fields: HIGHLIGHT_FIELDS, operator: 'or', analyzer: 'folded', fuzziness: 'AUTO' } },
      { multi_match: { query: q, fields: HIGHLIGHT_FIELDS, type: 'bool_prefix', operator: 'or', analyzer: 'folded' } },
      { multi_match: { query: q, fields: HIGHLIGHT_FIELDS, operator: 'or' } },
    ],
  },
});

const FACET_AGGREGATIONS: Record<FacetName, object> = {
  types: { terms: { field: 'type', size: 10 } },
  genres: { terms: { field: 'genres', size: 100 } },
  years: { terms: { field: 'year', size: 200 } },
};

/** Transient (retry the batch) vs permanent (dead-letter the event). */
const transient = (status: number) => status === 429 || status >= 500;

export class OpenSearchEngine implements SearchEngine {
  readonly kind = 'opensearch' as const;
  readonly client: Client;
  readonly jobs: OpenSearchReindexJobs;
  private building: string | null = null;

  constructor(private readonly options: OpenSearchEngineOptions) {
    this.client = new Client({ node: options.url, requestTimeout: 30_000, maxRetries: 2 });
    this.jobs = new OpenSearchReindexJobs(this.client, `${options.prefix}search-reindex-jobs`);
  }

  get alias(): string {
    return `${this.options.prefix}search`;
  }

  private get packagesIndex(): string {
    return `${this.options.prefix}search-packages`;
  }

  private get entitlementsIndex(): string {
    return `${this.options.prefix}search-entitlements`;
  }

  private async createIndex(index: string, body: object): Promise<void> {
    try {
      await this.client.indices.create({ index, body });
    } catch (error) {
      // Another process (the service and a separate indexer start together) got there first.
      if ((error as { body?: { error?: { type?: string } } }).body?.error?.type !== 'resource_already_exists_exception') throw error;
    }
  }

  async init(): Promise<void> {
    await this.createIndex(this.packagesIndex, packagesIndexBody);
    await this.createIndex(this.entitlementsIndex, entitlementsIndexBody);
    await this.createIndex(this.jobs.index, reindexJobsIndexBody);
    // A jobs index made before jobs were listed lacks the start's mapping; adding a field is always allowed.
    await this.client.indices.putMapping({ index: this.jobs.index, body: reindexJobsMappings });
    const exists = await this.client.indices.existsAlias({ name: this.alias });
    if (!exists.body) await this.createIndex(`${this.alias}-v1`, { ...contentIndexBody, aliases: { [this.alias]: {} } });
  }

  private lines(op: IndexOp, contentIndex: string): BulkLine[] {
    const versioned = (index: string, id: string) => ({ index: { _index: index, _id: id, version: op.version, version_type: 'external' } });
    switch (op.kind) {
      case 'content': {
        const key = docKey(op.type, op.id);
        const source = op.doc ? { ...op.doc, key, deleted: false } : { type: op.type, id: op.id, key, deleted: true };
        return [versioned(contentIndex, key), source];
      }
      case 'package':
        return [versioned(this.packagesIndex, op.id), op.pkg ? { ...op.pkg, deleted: false } : { id: op.id, deleted: true }];
      case 'entitlement':
        return [versioned(this.entitlementsIndex, op.userId), { userId: op.userId, grants: op.grants }];
    }
  }

  /** One bulk request; each op's lines go to `indices` (content ops) — several while a reindex mirrors. */
  private async bulk(ops: IndexOp[], contentIndices: string[]): Promise<ApplyResult> {
    const body: BulkLine[] = [];
    const owner: number[] = [];
    ops.forEach((op, position) => {
      const targets = op.kind === 'content' ? contentIndices : [contentIndices[0]];
      for (const index of targets) {
        body.push(...this.lines(op, index));
        owner.push(position);
      }
    });
    if (!body.length) return { rejected: [] };
    const { body: response } = await this.client.bulk({ body, refresh: this.options.refresh ?? false });
    const rejected = new Map<number, string>();
    if (response.errors) {
      response.items.forEach((item: Record<string, { status: number; error?: { type?: string; reason?: string } }>, i: number) => {
        const result = Object.values(item)[0];
        if (!result.error || result.status === 409) return; // 409: not newer than what is stored
        if (transient(result.status)) throw new Error(`OpenSearch bulk item failed (${result.status}): ${result.error.reason ?? result.error.type}`);
        rejected.set(owner[i], `${result.error.type}: ${result.error.reason ?? ''}`);
      });
    }
    return { rejected: [...rejected].map(([position, reason]) => ({ position, reason })) };
  }

  async apply(ops: IndexOp[]): Promise<ApplyResult> {
    return this.bulk(ops, this.building ? [this.alias, this.building] : [this.alias]);
  }

  private filters(request: { maxMaturity: number; now: Date }): object[] {
    const now = request.now.toISOString();
    return [
      { term: { deleted: false } },
      { range: { maturity: { lte: request.maxMaturity } } },
      { bool: { should: [{ bool: { must_not: { exists: { field: 'availableFrom' } } } }, { range: { availableFrom: { lte: now } } }] } },
      { bool: { should: [{ bool: { must_not: { exists: { field: 'availableTo' } } } }, { range: { availableTo: { gt: now } } }] } },
    ];
  }

  /** The same rule as domain/access.ts `accessible`, as a query. */
  private accessFilter(access: AccessSet, now: Date): object {
    const programmes = [...channelsByCatchup(access)].map(([days, channelIds]) => ({
      bool: {
        filter: [{ term: { type: 'PROGRAMME' } }, { terms: { channelId: channelIds } }],
        should: [{ range: { end: { gt: now.toISOString() } } }, { range: { start: { gte: catchupFloor(days, now).toISOString() } } }],
        minimum_should_match: 1,
      },
    }));
    return {
      bool: {
        should: [
          {
            bool: {
              filter: [{ terms: { type: ['MOVIE', 'SERIES', 'EPISODE'] } }],
              should: [{ terms: { id: access.titleIds } }, { terms: { seriesId: access.titleIds } }, { terms: { genres: access.genreSlugs } }],
              minimum_should_match: 1,
            },
          },
          { bool: { filter: [{ term: { type: 'CHANNEL' } }, { terms: { channelId: access.channelIds } }] } },
          ...programmes,
        ],
        minimum_should_match: 1,
      },
    };
  }

  /** The request body `search` sends (benchmarks replay it straight to OpenSearch, without the service). */
  searchBody(request: SearchRequest): object {
    const filter: object[] = this.filters(request);
    if (request.types) filter.push({ terms: { type: request.types } });
    if (request.genres) filter.push({ terms: { genres: request.genres } });
    if (request.yearFrom !== null || request.yearTo !== null)
      filter.push({
        range: { year: { ...(request.yearFrom !== null ? { gte: request.yearFrom } : {}), ...(request.yearTo !== null ? { lte: request.yearTo } : {}) } },
      });
    if (request.onNow) {
      const now = request.now.toISOString();
      filter.push({ term: { type: 'PROGRAMME' } }, { range: { start: { lte: now } } }, { range: { end: { gt: now } } });
    }
    if (request.access) filter.push(this.accessFilter(request.access, request.now));
    const q = request.query;
    const parts = request.parts ?? EVERY_PART;
    return {
      from: request.offset,
      size: request.size,
      track_total_hits: true,
      track_scores: true,
      query: rankedQuery(q, filter, request.now, request.language ?? null),
      sort: [{ _score: 'desc' }, { popularity: 'desc' }, { recency: 'desc' }, { key: 'asc' }],
      highlight:
        q && parts.highlights
          ? {
              pre_tags: ['<em>'],
              post_tags: ['</em>'],
              encoder: 'html',
              fragment_size: 120,
              number_of_fragments: 1,
              highlight_query: highlightQuery(q),
              fields: Object.fromEntries(HIGHLIGHT_FIELDS.map((f) => [f, {}])),
            }
          : undefined,
      aggs: parts.facets.length ? Object.fromEntries(parts.facets.map((name) => [name, FACET_AGGREGATIONS[name]])) : undefined,
    };
  }

  async search(request: SearchRequest): Promise<SearchResponse> {
    const language = request.language ?? null;
    // The client's request types lag OpenSearch's query DSL (e.g. bool_prefix with fuzziness).
    const { body } = await this.client.search({ index: this.alias, body: this.searchBody(request) });
    const buckets = (name: string): FacetBucket[] =>
      ((body.aggregations?.[name] as { buckets: { key: string | number; doc_count: number }[] } | undefined)?.buckets ?? [])
        .map((b) => ({ value: String(b.key), count: b.doc_count }))
        .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    const total = body.hits.total;
    return {
      totalCount: typeof total === 'number' ? total : (total?.value ?? 0),
      offset: request.offset,
      hits: body.hits.hits.map((hit) => {
        const source = hit._source as Pick<SearchDocument, 'type' | 'id' | 'title' | 'titlesByLanguage'>;
        const highlights: Highlight[] = Object.entries(hit.highlight ?? {}).map(([field, snippets]) => ({ field, snippets }));
        return { type: source.type, id: source.id, title: displayTitle(source, language), score: hit._score ?? 0, highlights };
      }),
      facets: { types: buckets('types'), genres: buckets('genres'), years: buckets('years') },
    };
  }

  /** The request body `suggest` sends. */
  suggestBody(request: SuggestRequest): object {
    return {
      // Extra rows, since one name may belong to many documents (a daily programme).
      size: request.size * 4,
      track_scores: true,
      _source: ['type', 'id', 'title', 'titlesByLanguage'],
      // Titles only, from the edge n-grams (search-as-you-type), ranked by the same tiers as search.
      query: rankedQuery(request.prefix, this.filters(request), request.now, request.language ?? null, false),
      sort: [{ _score: 'desc' }, { popularity: 'desc' }, { recency: 'desc' }, { key: 'asc' }],
    };
  }

  async suggest(request: SuggestRequest): Promise<SuggestionModel[]> {
    const language = request.language ?? null;
    const { body } = await this.client.search({ index: this.alias, body: this.suggestBody(request) });
    return distinctSuggestions(
      body.hits.hits.map((hit) => {
        const source = hit._source as Pick<SearchDocument, 'type' | 'id' | 'title' | 'titlesByLanguage'>;
        return { text: displayTitle(source, language), type: source.type, id: source.id };
      }),
      request.size,
    );
  }

  async access(userId: string | null, now: Date): Promise<AccessSet> {
    const { body: free } = await this.client.search({
      index: this.packagesIndex,
      body: { size: 1000, query: { bool: { filter: [{ term: { free: true } }, { term: { deleted: false } }] } } },
    });
    const freePackages = free.hits.hits.map((h) => h._source as PackageRecord);
    let grants: EntitlementGrant[] = [];
    if (userId) {
      const got = await this.client.get({ index: this.entitlementsIndex, id: userId }, { ignore: [404] });
      grants = (got.body?._source as { grants?: EntitlementGrant[] } | undefined)?.grants ?? [];
    }
    const ids = [...new Set(grants.flatMap((g) => g.packageIds))];
    const byId = new Map<string, PackageRecord>();
    if (ids.length) {
      const { body } = await this.client.mget({ index: this.packagesIndex, body: { ids } });
      for (const doc of body.docs as { found?: boolean; _source?: PackageRecord & { deleted: boolean } }[]) {
        if (doc.found && doc._source && !doc._source.deleted) byId.set(doc._source.id, doc._source);
      }
    }
    const set = accessSet(freePackages, grants, byId, now);
    if (set.channelIds.length) {
      const { body } = await this.client.mget({
        index: this.alias,
        body: { ids: set.channelIds.map((id) => docKey('CHANNEL', id)) },
        _source_includes: ['id', 'catchupDays'],
      });
      for (const doc of (body as { docs: { found?: boolean; _source?: { id: string; catchupDays?: number | null } }[] }).docs) {
        if (doc.found && doc._source?.catchupDays) set.catchupDays[doc._source.id] = doc._source.catchupDays;
      }
    }
    return set;
  }

  async startRebuild(): Promise<RebuildTarget> {
    if (this.building) throw new Error('A reindex is already running');
    // The caller holds the rebuild place, so an index no alias names is left from a rebuild that died.
    const { body: current } = await this.client.indices.getAlias({ name: this.alias });
    const { body: built } = await this.client.indices.get({ index: `${this.alias}-v*` });
    for (const index of Object.keys(built)) {
      if (!(index in current)) await this.client.indices.delete({ index }, { ignore: [404] });
    }
    const name = `${this.alias}-v${Date.now()}-${randomBytes(3).toString('hex')}`;
    await this.createIndex(name, contentIndexBody);
    this.building = name;
    return {
      name,
      apply: (ops) => this.bulk(ops, [name]),
      commit: async () => {
        const { body: current } = await this.client.indices.getAlias({ name: this.alias });
        const old = Object.keys(current);
        await this.client.indices.refresh({ index: name });
        await this.client.indices.updateAliases({
          body: { actions: [...old.map((index) => ({ remove: { index, alias: this.alias } })), { add: { index: name, alias: this.alias } }] },
        });
        this.building = null;
        for (const index of old) await this.client.indices.delete({ index }).catch(() => undefined);
      },
      abort: async () => {
        this.building = null;
        await this.client.indices.delete({ index: name }).catch(() => undefined);
      },
    };
  }

  async count(): Promise<number> {
    const { body } = await this.client.count({ index: this.alias, body: { query: { term: { deleted: false } } } });
    return body.count;
  }

  /** Drops every index of this prefix (tests clean up after themselves). */
  async dropAll(): Promise<void> {
    await this.client.indices.delete({ index: `${this.options.prefix}search*` }, { ignore: [404] });
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
