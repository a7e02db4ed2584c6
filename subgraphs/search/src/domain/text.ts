/**
 * Text rules shared by both engines: accent folding, tokens, synonyms. OpenSearch gets the same synonym
 * list in its analyzer (engines/opensearch-mappings.ts); the embedded engine expands queries with it.
 */

/** "Pokémon" → "pokemon": lower case, diacritics removed (what OpenSearch's asciifolding does). */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Words of a text (letters and digits), folded. */
export function tokens(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Equivalent words and phrases: a query for one finds the others. Written for OpenSearch's Solr format too. */
export const SYNONYMS: string[][] = [
  ['sci fi', 'scifi', 'science fiction'],
  ['film', 'movie'],
  ['tv', 'television'],
  ['doc', 'documentary'],
  ['cartoon', 'animation', 'animated'],
  ['romcom', 'romantic comedy'],
  ['news', 'newscast'],
  ['football', 'soccer'],
];

/**
 * The query's variants with synonyms substituted (the query itself first). A phrase is matched on whole
 * folded tokens, so "sci-fi" and "Sci Fi" both count as "sci fi".
 */
export function synonymVariants(query: string): string[] {
  const words = tokens(query);
  const text = ` ${words.join(' ')} `;
  const variants = new Set([words.join(' ')]);
  for (const group of SYNONYMS) {
    for (const phrase of group) {
      if (!text.includes(` ${phrase} `)) continue;
      for (const other of group) if (other !== phrase) variants.add(text.replace(` ${phrase} `, ` ${other} `).trim());
    }
  }
  return [...variants];
}

/** Damerau-free edit distance budget, as OpenSearch's `fuzziness: AUTO` (0 for 1–2 chars, 1 for 3–5, else 2). */
export function fuzzyDistance(term: string): number {
  if (term.length <= 2) return 0;
  return term.length <= 5 ? 1 : 2;
}

/** A category label as a genre slug: "Science Fiction" → "science-fiction". */
export function slugify(text: string): string {
  return fold(text)
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}
