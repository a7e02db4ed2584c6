/**
 * The search domain's shapes, shared by both engines (embedded MiniSearch and OpenSearch) so they answer
 * the same contract.
 */
export const HIT_TYPES = ['MOVIE', 'SERIES', 'EPISODE', 'CHANNEL', 'PROGRAMME'] as const;
export type HitType = (typeof HIT_TYPES)[number];

/** One searchable entity, denormalised from its owner's events. */
export interface SearchDocument {
  type: HitType;
  id: string;
  title: string;
  /** Other names it is known by: original title, the programme's titles in other languages. */
  altTitles: string[];
  /** Programmes: title per language (BCP 47 primary subtag → text). */
  titlesByLanguage: Record<string, string>;
  /** Synopsis or programme description. */
  description: string;
  people: string[];
  genres: string[];
  year: number | null;
  maturity: number;
  popularity: number;
  /** Epoch ms used as the last tie-breaker: release year for titles, start for programmes. */
  recency: number;
  /** Catalog windows (ISO instants); null = open. */
  availableFrom: string | null;
  availableTo: string | null;
  /** Programmes: airing interval (ISO instants). */
  start: string | null;
  end: string | null;
  seriesId: string | null;
  channelId: string | null;
  /** Channels: how many days back their programmes can be replayed ("available to me" honours it). */
  catchupDays: number | null;
}

export const docKey = (type: HitType, id: string) => `${type}:${id}`;

/** An index write: the document at `version`, or a tombstone (null) that outranks every older version. */
export interface ContentOp {
  kind: 'content';
  type: HitType;
  id: string;
  version: number;
  doc: SearchDocument | null;
}

export interface PackageRecord {
  id: string;
  free: boolean;
  titleIds: string[];
  channelIds: string[];
  genreSlugs: string[];
}

export interface PackageOp {
  kind: 'package';
  id: string;
  version: number;
  pkg: PackageRecord | null;
}

export interface EntitlementGrant {
  packageIds: string[];
  contentIds: string[];
  expiresAt: string | null;
}

export interface EntitlementOp {
  kind: 'entitlement';
  userId: string;
  version: number;
  grants: EntitlementGrant[];
}

export type IndexOp = ContentOp | PackageOp | EntitlementOp;

/** What the viewer may play, flattened for filtering. */
export interface AccessSet {
  titleIds: string[];
  channelIds: string[];
  genreSlugs: string[];
  /** Catch-up days of the channels in `channelIds` (absent: 0): older programmes are gone. */
  catchupDays: Record<string, number>;
}

export const FACET_NAMES = ['types', 'genres', 'years'] as const;
export type FacetName = (typeof FACET_NAMES)[number];

/**
 * The parts of an answer beyond its page of hits that the caller reads. Highlights and facets are most of what
 * a search costs the engine (docs/PERFORMANCE.md), so engines compute only the parts asked for and leave the
 * others empty.
 */
export interface SearchParts {
  highlights: boolean;
  facets: FacetName[];
}

export const EVERY_PART: SearchParts = { highlights: true, facets: [...FACET_NAMES] };

export interface SearchRequest {
  query: string;
  types: HitType[] | null;
  genres: string[] | null;
  yearFrom: number | null;
  yearTo: number | null;
  onNow: boolean;
  /** null: no availability filter. */
  access: AccessSet | null;
  maxMaturity: number;
  now: Date;
  offset: number;
  size: number;
  /** The viewer's language (primary subtag): its titles are shown and boosted; null: none. */
  language?: string | null;
  /** Absent: every part. */
  parts?: SearchParts;
}

export interface Highlight {
  field: string;
  snippets: string[];
}

export interface SearchHitModel {
  type: HitType;
  id: string;
  title: string;
  score: number;
  highlights: Highlight[];
}

export interface FacetBucket {
  value: string;
  count: number;
}

export interface SearchResponse {
  totalCount: number;
  hits: SearchHitModel[];
  offset: number;
  facets: { types: FacetBucket[]; genres: FacetBucket[]; years: FacetBucket[] };
}

export interface SuggestRequest {
  prefix: string;
  size: number;
  maxMaturity: number;
  now: Date;
  /** As in SearchRequest. */
  language?: string | null;
}

export interface SuggestionModel {
  text: string;
  type: HitType;
  id: string;
}

export interface ReindexJobModel {
  id: string;
  status: 'RUNNING' | 'COMPLETED' | 'FAILED';
  index: string;
  processed: number;
  total: number | null;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}
