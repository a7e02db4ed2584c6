import { cursorAt } from '../domain/arguments';
import type { HitType } from '../domain/search-types';
import type { SearchHitResolvers, SearchResultResolvers, SearchResultsResolvers } from '../generated/resolvers-types';

const TYPE_NAMES: Record<HitType, 'Movie' | 'Series' | 'Episode' | 'Channel' | 'Programme'> = {
  MOVIE: 'Movie',
  SERIES: 'Series',
  EPISODE: 'Episode',
  CHANNEL: 'Channel',
  PROGRAMME: 'Programme',
};

export const SearchResults: SearchResultsResolvers = {
  totalCount: (r) => r.totalCount,
  edges: (r) => r.hits.map((node, i) => ({ cursor: cursorAt(r.offset + i), node })),
  pageInfo: (r) => ({
    hasNextPage: r.offset + r.hits.length < r.totalCount,
    endCursor: r.hits.length ? cursorAt(r.offset + r.hits.length - 1) : null,
  }),
  facets: (r) => r.facets,
};

/** The hit as an entity reference: the gateway asks the owner (catalog or live) for the rest. */
export const SearchHit: SearchHitResolvers = {
  result: (hit) => ({ __typename: TYPE_NAMES[hit.type], id: hit.id }),
};

export const SearchResult: SearchResultResolvers = {
  __resolveType: (ref) => ref.__typename,
};
