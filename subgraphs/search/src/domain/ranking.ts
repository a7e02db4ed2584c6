/**
 * How both engines rank a hit, as one rule: first the tier of its best title match, then how timely it is
 * (airing now or upcoming ahead of past programmes), then text relevance (only among matches outside the
 * titles), then popularity and recency. OpenSearch expresses the same rule as a query (constant scores per
 * tier, `rankedQuery` in engines/opensearch-engine.ts); the embedded engine computes it here, so their orders agree.
 */
import { fuzzyDistance, tokens } from './text';
import type { SearchDocument } from './search-types';

/**
 * Title match tiers, best first. A viewer typing "termin" wants "Terminator 2" (a word of the title starts
 * with it) before "Money Train" (a typo away from a word in the synopsis), whatever their popularity.
 */
export const MATCH_TIERS = {
  /** The query is a whole name: "the matrix" → "The Matrix". */
  EXACT: 5,
  /** The query's words start consecutive words of a name, as typed so far: "star w" → "Star Wars". */
  PREFIX: 4,
  /** Every word of the query starts some word of the names, in any order: "wars star". */
  ALL_WORDS: 3,
  /** Every word is a typo away from a word of the names ("godfater"), the last may be unfinished. */
  FUZZY: 2,
  /** Found in other fields only: credits, descriptions, genres. */
  OTHER: 1,
} as const;
export type MatchTier = (typeof MATCH_TIERS)[keyof typeof MATCH_TIERS];

/** Score of each tier: far apart, so no text score (< TIER_STEP) or bonus can lift a hit into the tier above. */
export const TIER_STEP = 10_000;
/** Not past: anything without an end, or a programme that has not ended. */
export const TIMELY_BONUS = 5_000;
/**
 * On top, up to this much for being watchable now: on-demand titles and channels all of it, programmes the
 * closer their start is to now (a Gaussian decay, as OpenSearch's `gauss`), so they never pass a title of
 * their tier but order among themselves by how soon they air.
 */
export const SOON_BONUS = 1_000;
export const SOON_SCALE_MS = 24 * 3600_000;
/** Documents with a title in the viewer's language. */
export const LANGUAGE_BONUS = 2_000;

export const tierScore = (tier: MatchTier) => (tier === MATCH_TIERS.OTHER ? 0 : tier * TIER_STEP);

/** Restricted Damerau–Levenshtein distance (transpositions count one, as OpenSearch's fuzzy queries), capped at `max` + 1. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        rows[0][j] = j;
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i][j] = d;
    }
  }
  return Math.min(rows[a.length][b.length], max + 1);
}

const startsRun = (words: string[], name: string[], at: number) => words.every((w, k) => name[at + k]?.startsWith(w));
const typoOf = (word: string, candidates: string[]) => {
  const budget = fuzzyDistance(word);
  return candidates.some((c) => c === word || (budget > 0 && editDistance(word, c, budget) <= budget));
};

/**
 * The best tier at which `query` matches a title. Whole-name and prefix tiers look at one name at a time;
 * the looser tiers at the words of the title, or of all other titles together (as OpenSearch scores a field
 * that holds a list).
 */
export function matchTier(query: string, doc: Pick<SearchDocument, 'title' | 'altTitles'>): MatchTier {
  const words = tokens(query);
  if (!words.length) return MATCH_TIERS.OTHER;
  const names = [doc.title, ...doc.altTitles].map(tokens);
  const phrase = words.join(' ');
  if (names.some((name) => name.join(' ') === phrase)) return MATCH_TIERS.EXACT;
  if (names.some((name) => name.some((_, at) => startsRun(words, name, at)))) return MATCH_TIERS.PREFIX;
  const fields = [names[0], names.slice(1).flat()];
  if (fields.some((field) => words.every((w) => field.some((t) => t.startsWith(w))))) return MATCH_TIERS.ALL_WORDS;
  const last = words.length - 1;
  const loose = (field: string[]) =>
    words.slice(0, last).every((w) => typoOf(w, field)) && (typoOf(words[last], field) || field.some((t) => t.startsWith(words[last])));
  if (fields.some(loose)) return MATCH_TIERS.FUZZY;
  return MATCH_TIERS.OTHER;
}

/** The bonus for not being over yet: programmes that air now or soon, and everything that never ends. */
export function timelinessScore(doc: Pick<SearchDocument, 'type' | 'start' | 'end'>, now: Date): number {
  if (doc.end !== null && Date.parse(doc.end) <= now.getTime()) return 0;
  if (doc.type !== 'PROGRAMME' || doc.start === null) return TIMELY_BONUS + SOON_BONUS;
  const distance = (Date.parse(doc.start) - now.getTime()) / SOON_SCALE_MS;
  return TIMELY_BONUS + SOON_BONUS * Math.pow(0.5, distance * distance);
}

/** The primary language subtag of a BCP 47 tag or an Accept-Language header's first choice: "pt-BR,pt;q=0.9" → "pt". */
export function primaryLanguage(value: string | null | undefined): string | null {
  const first = value?.split(',')[0]?.split(';')[0]?.trim().split('-')[0]?.toLowerCase();
  return first && /^[a-z]{2,3}$/.test(first) ? first : null;
}

/** The title a viewer of `language` sees: the document's title in that language when it has one. */
export const displayTitle = (doc: Pick<SearchDocument, 'title' | 'titlesByLanguage'>, language: string | null) =>
  (language && doc.titlesByLanguage[language]) || doc.title;
