/**
 * The embedded engine: MiniSearch in process. It serves when no OpenSearch is configured (one machine,
 * no Docker) and is held to the same contract tests. State lives in memory; the outbox indexer rebuilds it
 * from the events at start-up.
 */
import escapeHtml from 'escape-html';
import MiniSearch, { type SearchResult } from 'minisearch';
import { accessible, accessSet, airingAt, visibleAt } from '../domain/access';
import {
  docKey,
  EVERY_PART,
  type AccessSet,
  type EntitlementGrant,
  type FacetBucket,
  type FacetName,
  type Highlight,
  type IndexOp,
  type PackageRecord,
  type SearchDocument,
  type SearchRequest,
  type SearchResponse,
  type SuggestionModel,
  type SuggestRequest,
} from '../domain/search-types';
import { displayTitle, LANGUAGE_BONUS, MATCH_TIERS, matchTier, tierScore, timelinessScore, TIER_STEP } from '../domain/ranking';
import { distinctSuggestions } from '../domain/suggestions';
import { fold, fuzzyDistance, synonymVariants } from '../domain/text';
import { MemoryReindexJobs } from './memory-reindex-jobs';
import type { ApplyResult, RebuildTarget, SearchEngine } from './search-engine';

const FIELDS = ['title', 'alt', 'description', 'people', 'genres'] as const;
const BOOST = { title: 4, alt: 2, people: 1.5, genres: 1.5, description: 1 };
const SHORT_FIELDS = FIELDS.filter((f) => f !== 'description');
const tokenize = (text: string) => text.split(/[^\p{L}\p{N}\p{M}]+/u);
const processTerm = (term: string) => fold(term) || null;

function fieldText(doc: SearchDocument, field: string): string {
  switch (field) {
    case 'title':
      return doc.title;
    case 'alt':
      return doc.altTitles.join(' · ');
    case 'description':
      return doc.description;
    case 'people':
      return doc.people.join(', ');
    case 'genres':
      return doc.genres.join(' ');
    default:
      return '';
  }
}

/** One index: documents plus the version of every entity it has seen (tombstones included). */
class EmbeddedIndex {
  readonly docs = new Map<string, SearchDocument>();
  readonly versions = new Map<string, number>();
  readonly mini = new MiniSearch<SearchDocument & { key: string }>({
    idField: 'key',
    fields: [...FIELDS],
    extractField: (doc, field) => (field === 'key' ? doc.key : fieldText(doc, field)),
    tokenize,
    processTerm,
  });

  constructor(readonly name: string) {}

  write(op: Extract<IndexOp, { kind: 'content' }>): void {
    const key = docKey(op.type, op.id);
    if ((this.versions.get(key) ?? -1) >= op.version) return;
    this.versions.set(key, op.version);
    if (this.docs.has(key)) this.mini.discard(key);
    this.docs.delete(key);
    if (op.doc) {
      this.docs.set(key, op.doc);
      this.mini.add({ ...op.doc, key });
    }
  }
}

function bucketsOf(counts: Map<string, number>): FacetBucket[] {
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

/**
 * Marks the words of `text` whose folded form is one of `terms`, in a fragment around the first mark. The
 * text is HTML-escaped (titles and guides come from editors and outside EPG feeds), so the `<em>` markers
 * are the only markup, as with OpenSearch's html encoder.
 */
export function highlight(text: string, terms: Set<string>, fragment = 120): string | null {
  const matches = [...text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)].filter((m) => terms.has(fold(m[0])));
  if (!matches.length) return null;
  const start = text.length <= fragment ? 0 : Math.max(0, matches[0].index - fragment / 3);
  const end = Math.min(text.length, start + fragment);
  let marked = '';
  let at = start;
  for (const m of matches) {
    if (m.index < at || m.index + m[0].length > end) continue;
    marked += `${escapeHtml(text.slice(at, m.index))}<em>${escapeHtml(m[0])}</em>`;
    at = m.index + m[0].length;
  }
  marked += escapeHtml(text.slice(at, end));
  return `${start > 0 ? '…' : ''}${marked}${end < text.length ? '…' : ''}`;
}

export class EmbeddedSearchEngine implements SearchEngine {
  readonly kind = 'embedded' as const;
  readonly jobs = new MemoryReindexJobs();
  private index = new EmbeddedIndex('embedded-1');
  private building: EmbeddedIndex | null = null;
  private generation = 1;
  private readonly packages = new Map<string, PackageRecord>();
  private readonly packageVersions = new Map<string, number>();
  private readonly entitlements = new Map<string, { version: number; grants: EntitlementGrant[] }>();

  async init(): Promise<void> {}

  async apply(ops: IndexOp[]): Promise<ApplyResult> {
    for (const op of ops) {
      this.applyRights(op);
      if (op.kind === 'content') {
        this.index.write(op);
        this.building?.write(op);
      }
    }
    return { rejected: [] };
  }

  private applyRights(op: IndexOp): void {
    if (op.kind === 'package') {
      if ((this.packageVersions.get(op.id) ?? -1) >= op.version) return;
      this.packageVersions.set(op.id, op.version);
      if (op.pkg) this.packages.set(op.id, op.pkg);
      else this.packages.delete(op.id);
    } else if (op.kind === 'entitlement') {
      if ((this.entitlements.get(op.userId)?.version ?? -1) >= op.version) return;
      this.entitlements.set(op.userId, { version: op.version, grants: op.grants });
    }
  }

  async access(userId: string | null, now: Date): Promise<AccessSet> {
    const free = [...this.packages.values()].filter((p) => p.free);
    const grants = userId ? (this.entitlements.get(userId)?.grants ?? []) : [];
    const set = accessSet(free, grants, this.packages, now);
    for (const id of set.channelIds) {
      const channel = this.index.docs.get(docKey('CHANNEL', id));
      if (channel?.catchupDays) set.catchupDays[id] = channel.catchupDays;
    }
    return set;
  }

  async search(request: SearchRequest): Promise<SearchResponse> {
    const { docs, mini } = this.index;
    const passes = (doc: SearchDocument) =>
      doc.maturity <= request.maxMaturity &&
      visibleAt(doc, request.now) &&
      (!request.types || request.types.includes(doc.type)) &&
      (!request.genres || doc.genres.some((g) => request.genres!.includes(g))) &&
      (request.yearFrom === null || (doc.year !== null && doc.year >= request.yearFrom)) &&
      (request.yearTo === null || (doc.year !== null && doc.year <= request.yearTo)) &&
      (!request.onNow || airingAt(doc, request.now)) &&
      (!request.access || accessible(doc, request.access, request.now));
    const filter = (result: SearchResult) => passes(docs.get(result.id as string)!);
    const variants = synonymVariants(request.query).filter(Boolean);
    const results = variants.length
      ? mini.search(
          {
            combineWith: 'OR',
            // Typos scale with word length (as OpenSearch's AUTO); any word may be the start of one, except in
            // synopses, where whole words only count (as in OpenSearch). Synonyms match as whole words only (a
            // typo of "doc" is no documentary).
            queries: [
              { combineWith: 'AND' as const, queries: [variants[0]], fields: SHORT_FIELDS, fuzzy: (term: string) => fuzzyDistance(term), prefix: true },
              ...variants.map((v) => ({ combineWith: 'AND' as const, queries: [v], fuzzy: false, prefix: false })),
            ],
          },
          { boost: BOOST, filter },
        )
      : mini.search(MiniSearch.wildcard, { filter });

    const language = request.language ?? null;
    const ranked = results
      .map((r) => {
        const doc = docs.get(r.id as string)!;
        return { r, doc, score: this.rank(request.query, doc, r.score, request.now, language) };
      })
      // The rule of domain/ranking.ts, then popularity, then recency; the key keeps equal hits in a stable order.
      .sort(
        (a, b) =>
          b.score - a.score || b.doc.popularity - a.doc.popularity || b.doc.recency - a.doc.recency || (a.r.id as string).localeCompare(b.r.id as string),
      );

    const parts = request.parts ?? EVERY_PART;
    const facet = (name: FacetName, values: (doc: SearchDocument) => string[]): FacetBucket[] => {
      if (!parts.facets.includes(name)) return [];
      const counts = new Map<string, number>();
      for (const { doc } of ranked) for (const value of values(doc)) counts.set(value, (counts.get(value) ?? 0) + 1);
      return bucketsOf(counts);
    };

    const page = ranked.slice(request.offset, request.offset + request.size);
    return {
      totalCount: ranked.length,
      offset: request.offset,
      hits: page.map(({ r, doc, score }) => ({
        type: doc.type,
        id: doc.id,
        title: displayTitle(doc, language),
        score,
        highlights: parts.highlights ? this.highlights(r, doc) : [],
      })),
      facets: {
        types: facet('types', (doc) => [doc.type]),
        genres: facet('genres', (doc) => doc.genres),
        years: facet('years', (doc) => (doc.year !== null ? [String(doc.year)] : [])),
      },
    };
  }

  /** Tier, timeliness and language bonuses as OpenSearch scores them; text relevance counts only outside titles. */
  private rank(query: string, doc: SearchDocument, textScore: number, now: Date, language: string | null): number {
    const tier = query ? matchTier(query, doc) : MATCH_TIERS.OTHER;
    const text = tier === MATCH_TIERS.OTHER && query ? Math.min(textScore, TIER_STEP / 10) : 0;
    return tierScore(tier) + text + timelinessScore(doc, now) + (language && doc.titlesByLanguage[language] ? LANGUAGE_BONUS : 0);
  }

  private highlights(result: SearchResult, doc: SearchDocument): Highlight[] {
    if (!result.match) return [];
    const byField = new Map<string, Set<string>>();
    for (const [term, fields] of Object.entries(result.match)) {
      for (const field of fields) byField.set(field, (byField.get(field) ?? new Set()).add(term));
    }
    const out: Highlight[] = [];
    for (const [field, terms] of byField) {
      const snippet = highlight(fieldText(doc, field), terms);
      if (snippet) out.push({ field: field === 'alt' ? 'altTitles' : field, snippets: [snippet] });
    }
    return out;
  }

  async suggest(request: SuggestRequest): Promise<SuggestionModel[]> {
    const { docs, mini } = this.index;
    const language = request.language ?? null;
    const results = mini.search(request.prefix, {
      fields: ['title', 'alt'],
      combineWith: 'AND',
      // Finished words may have typos; every word may be a start, the one being typed certainly is.
      fuzzy: (term, i, terms) => (i < terms.length - 1 ? fuzzyDistance(term) : false),
      prefix: true,
      filter: (r) => {
        const doc = docs.get(r.id as string)!;
        return doc.maturity <= request.maxMaturity && visibleAt(doc, request.now);
      },
    });
    const ranked = results
      .map((r) => {
        const doc = docs.get(r.id as string)!;
        return { doc, score: this.rank(request.prefix, doc, 0, request.now, language) };
      })
      .filter(({ score }) => score >= tierScore(MATCH_TIERS.FUZZY))
      .sort(
        (a, b) =>
          b.score - a.score ||
          b.doc.popularity - a.doc.popularity ||
          b.doc.recency - a.doc.recency ||
          docKey(a.doc.type, a.doc.id).localeCompare(docKey(b.doc.type, b.doc.id)),
      )
      .map(({ doc }) => ({ text: displayTitle(doc, language), type: doc.type, id: doc.id }));
    return distinctSuggestions(ranked, request.size);
  }

  async startRebuild(): Promise<RebuildTarget> {
    if (this.building) throw new Error('A reindex is already running');
    this.generation += 1;
    const target = new EmbeddedIndex(`embedded-${this.generation}`);
    this.building = target;
    return {
      name: target.name,
      apply: async (ops) => {
        for (const op of ops) {
          this.applyRights(op);
          if (op.kind === 'content') target.write(op);
        }
        return { rejected: [] };
      },
      commit: async () => {
        this.index = target;
        this.building = null;
      },
      abort: async () => {
        this.building = null;
      },
    };
  }

  async count(): Promise<number> {
    return this.index.docs.size;
  }

  async close(): Promise<void> {}
}
