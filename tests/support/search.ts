/** Search fixtures: events in the shapes catalog, live and rights publish (see their src/events). */
import { randomUUID } from 'node:crypto';
import type { SearchRequest } from '../../subgraphs/search/src/domain/search-types';
import type { SourcedEvent } from '../../subgraphs/search/src/events/event-source';

let clock = 1;
/** Versions only grow within a test run, as the owners' row versions do. */
export const nextVersion = () => (clock += 1);

const sourced = (topic: string, type: string, entityId: string, entityVersion: number, payload: unknown): SourcedEvent => ({
  topic,
  type,
  entityId,
  entityVersion,
  payload,
  origin: { topic },
});

export interface TitleFixture {
  id?: string;
  kind?: 'MOVIE' | 'SERIES' | 'EPISODE';
  title: string;
  originalTitle?: string | null;
  synopsis?: string;
  genres?: string[];
  releaseYear?: number | null;
  maturityRating?: number;
  popularity?: number;
  status?: string;
  seriesId?: string | null;
  cast?: string[];
  directors?: string[];
  availableFrom?: string | null;
  availableTo?: string | null;
}

export function titleEvent(t: TitleFixture & { id: string }, version = nextVersion()): SourcedEvent {
  return sourced('catalog.titles', 'title.upserted', t.id, version, {
    id: t.id,
    kind: t.kind ?? 'MOVIE',
    slug: t.title.toLowerCase().replace(/\W+/g, '-'),
    title: t.title,
    originalTitle: t.originalTitle ?? null,
    synopsis: t.synopsis ?? null,
    genres: (t.genres ?? []).map((slug) => ({ slug, name: slug })),
    releaseYear: t.releaseYear ?? null,
    maturityRating: t.maturityRating ?? 0,
    popularity: t.popularity ?? 0,
    status: t.status ?? 'PUBLISHED',
    availableFrom: t.availableFrom ?? null,
    availableTo: t.availableTo ?? null,
    seriesId: t.seriesId ?? null,
    seasonNumber: t.kind === 'EPISODE' ? 1 : null,
    episodeNumber: t.kind === 'EPISODE' ? 1 : null,
    cast: t.cast ?? [],
    directors: t.directors ?? [],
    posterUrl: null,
  });
}

export const titleDeletedEvent = (id: string, kind = 'MOVIE', version = nextVersion()) => sourced('catalog.titles', 'title.deleted', id, version, { id, kind });

export function channelEvent(c: { id: string; name: string; number?: number; genreSlugs?: string[] }, version = nextVersion()) {
  return sourced('live.channels', 'channel.upserted', c.id, version, {
    id: c.id,
    number: c.number ?? 1,
    name: c.name,
    genreSlugs: c.genreSlugs ?? [],
    logoUrl: null,
    catchupDays: 7,
  });
}

export function programmeEvent(
  p: {
    id: string;
    channelId: string;
    title: string;
    titles?: Record<string, string>;
    start: Date;
    end: Date;
    maturityRating?: number;
    categories?: string[];
    description?: string;
  },
  version = nextVersion(),
) {
  return sourced('live.programmes', 'programme.upserted', p.id, version, {
    id: p.id,
    channelId: p.channelId,
    channelName: 'x',
    start: p.start.toISOString(),
    end: p.end.toISOString(),
    title: p.title,
    titles: p.titles ?? { en: p.title },
    subtitle: null,
    description: p.description ?? null,
    categories: p.categories ?? [],
    language: 'en',
    maturityRating: p.maturityRating ?? 0,
    episodeNum: null,
    imageUrl: null,
  });
}

export const packageEvent = (p: { id: string; free?: boolean; titleIds?: string[]; channelIds?: string[]; genreSlugs?: string[] }, version = nextVersion()) =>
  sourced('rights.packages', 'package.upserted', p.id, version, {
    id: p.id,
    name: p.id,
    free: p.free ?? false,
    titleIds: p.titleIds ?? [],
    channelIds: p.channelIds ?? [],
    genreSlugs: p.genreSlugs ?? [],
  });

export const entitlementEvent = (userId: string, packageIds: string[], version = nextVersion(), contentIds: string[] = []) =>
  sourced('rights.entitlements', 'entitlement.changed', userId, version, {
    userId,
    grants: [{ source: 'SUBSCRIPTION', packageIds, contentIds, expiresAt: null }],
  });

export const id = () => randomUUID();

/** A search with no filter, for an adult viewer with no access limit, from the first hit: each test narrows it. */
export const searchRequest = (query: string, narrowed: Partial<SearchRequest> = {}): SearchRequest => ({
  query,
  types: null,
  genres: null,
  yearFrom: null,
  yearTo: null,
  onNow: false,
  access: null,
  maxMaturity: 18,
  now: new Date(),
  offset: 0,
  size: 20,
  ...narrowed,
});
