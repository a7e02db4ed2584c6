/** Checks of the search API's arguments: bad input is refused with BAD_USER_INPUT, naming the field. */
import { badInput, cursorCodec, pageSize } from '@tvstream/service-kit';
import { primaryLanguage } from './ranking';
import { HIT_TYPES, type HitType } from './search-types';

export const MAX_QUERY_LENGTH = 200;
export const MAX_PREFIX_LENGTH = 100;
/** Deep pages cost engines dearly (OpenSearch's max_result_window is 10,000); nobody reads that far. */
export const MAX_OFFSET = 9_900;

export interface SearchFilterInput {
  types?: HitType[] | null;
  genres?: string[] | null;
  yearFrom?: number | null;
  yearTo?: number | null;
  onNow?: boolean | null;
  availableToMe?: boolean | null;
}

export function checkQuery(query: string): string {
  if (query.length > MAX_QUERY_LENGTH)
    throw badInput(`query must be at most ${MAX_QUERY_LENGTH} characters`, [{ field: 'query', message: `Use at most ${MAX_QUERY_LENGTH} characters` }]);
  return query.trim();
}

export function checkPrefix(prefix: string): string {
  const trimmed = prefix.trim();
  if (!trimmed || prefix.length > MAX_PREFIX_LENGTH)
    throw badInput(`prefix must be 1 to ${MAX_PREFIX_LENGTH} characters`, [{ field: 'prefix', message: `Use 1 to ${MAX_PREFIX_LENGTH} characters` }]);
  return trimmed;
}

/**
 * The viewer's language: the argument when given (a malformed tag is refused), else the active profile's
 * (from the access token), else the Accept-Language header's first choice (a malformed header is ignored,
 * as browsers and proxies send all sorts).
 */
export function checkLanguage(argument: string | null | undefined, profileLanguage: string | null | undefined, acceptLanguage: string | null): string | null {
  if (argument === null || argument === undefined) return primaryLanguage(profileLanguage) ?? primaryLanguage(acceptLanguage);
  const language = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(argument) ? primaryLanguage(argument) : null;
  if (!language) throw badInput('language must be a BCP 47 tag such as "en" or "pt-BR"', [{ field: 'language', message: 'Use a BCP 47 language tag' }]);
  return language;
}

export function checkFilters(filters: SearchFilterInput | null | undefined) {
  const f = filters ?? {};
  for (const field of ['yearFrom', 'yearTo'] as const) {
    const year = f[field];
    if (year !== null && year !== undefined && (year < 1800 || year > 3000))
      throw badInput(`${field} must be a year between 1800 and 3000`, [{ field: `filters.${field}`, message: 'Use a year between 1800 and 3000' }]);
  }
  if (f.yearFrom != null && f.yearTo != null && f.yearFrom > f.yearTo)
    throw badInput('yearFrom must not be after yearTo', [{ field: 'filters.yearFrom', message: 'Must be at most yearTo' }]);
  if (f.genres && (f.genres.length > 50 || f.genres.some((g) => !g || g.length > 60)))
    throw badInput('genres must be 1 to 50 slugs of at most 60 characters', [{ field: 'filters.genres', message: 'Too many or too long' }]);
  const types = f.types?.length ? f.types.filter((t) => HIT_TYPES.includes(t)) : null;
  return {
    types: f.onNow ? ['PROGRAMME' as const].filter((t) => !types || types.includes(t)) : types,
    genres: f.genres?.length ? f.genres : null,
    yearFrom: f.yearFrom ?? null,
    yearTo: f.yearTo ?? null,
    onNow: f.onNow === true,
    availableToMe: f.availableToMe === true,
  };
}

const HIT_CURSOR = cursorCodec(['offset']);

export function checkPage(first: number | null | undefined, after: string | null | undefined): { size: number; offset: number } {
  const size = pageSize(first, 100, 20);
  if (!after) return { size, offset: 0 };
  const [offset] = HIT_CURSOR.decode(after);
  if (offset > MAX_OFFSET) throw badInput('Invalid pagination cursor', [{ field: 'after', message: 'Pass a cursor returned by this API' }]);
  return { size, offset: offset + 1 };
}

/** A hit's cursor is its position in the ranked result. */
export const cursorAt = (position: number) => HIT_CURSOR.encode([position]);
