import type { SuggestionModel } from './search-types';
import { fold } from './text';

/**
 * One completion per name and kind, best first: a programme that airs daily is one suggestion, not seven.
 * The kept id is the best-ranked document's.
 */
export function distinctSuggestions(ranked: SuggestionModel[], size: number): SuggestionModel[] {
  const seen = new Set<string>();
  const out: SuggestionModel[] = [];
  for (const suggestion of ranked) {
    const key = `${suggestion.type}:${fold(suggestion.text)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(suggestion);
    if (out.length === size) break;
  }
  return out;
}
